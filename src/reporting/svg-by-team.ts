import { escapeHtml } from './escape-html.ts';
import type { GroupRow } from './savings-report.ts';
import { linearScale, px, shortUsd } from './svg-scale.ts';

const WIDTH = 640;
const ROW = 34;
const LABEL_W = 150;
const PAD = 16;

/** Savings by team (inline SVG): per team a horizontal estimated bar and a verified bar below it. */
export function svgByTeam(teams: readonly GroupRow[]): string {
  const height = Math.max(60, teams.length * ROW + PAD * 2);
  const plotW = WIDTH - LABEL_W - PAD * 2 - 60;
  const scale = linearScale(
    teams.flatMap((t) => [t.estimatedUsdPerMonth, t.verifiedUsdPerMonth]),
    plotW,
  );
  const x0 = LABEL_W + PAD;
  const parts: string[] = [];
  teams.forEach((t, i) => {
    const top = PAD + i * ROW;
    parts.push(`<text x="${LABEL_W}" y="${top + 17}" text-anchor="end" class="label">${escapeHtml(t.key)}</text>`);
    for (const [dy, value, cls, label] of [
      [2, t.estimatedUsdPerMonth, 'bar-estimated', 'estimated'],
      [15, t.verifiedUsdPerMonth, 'bar-verified', 'verified'],
    ] as const) {
      const left = x0 + Math.min(scale(value), scale.zero);
      const w = Math.max(1, Math.abs(scale(value) - scale.zero));
      parts.push(
        `<rect x="${px(left)}" y="${top + dy}" width="${px(w)}" height="11" class="${cls}"><title>${escapeHtml(`${t.key} ${label}: ${shortUsd(value)}/month`)}</title></rect>`,
      );
      parts.push(
        `<text x="${px(left + w + 4)}" y="${top + dy + 10}" class="tick">${escapeHtml(shortUsd(value))}</text>`,
      );
    }
  });
  if (teams.length === 0)
    parts.push(`<text x="${WIDTH / 2}" y="34" text-anchor="middle" class="empty">no data in the period</text>`);
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Savings by team">${parts.join('')}</svg>`;
}
