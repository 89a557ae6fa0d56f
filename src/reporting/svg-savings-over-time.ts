import { escapeHtml } from './escape-html.ts';
import type { GroupRow } from './savings-report.ts';
import { linearScale, px, shortUsd } from './svg-scale.ts';

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

/**
 * Savings over time (inline SVG, no script): per month, an estimated bar and a verified bar (negative
 * verified bars go below the zero line), plus a path of cumulative verified USD/month.
 */
export function svgSavingsOverTime(months: readonly GroupRow[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  let running = 0;
  const cumulative = months.map((m) => {
    running += m.verifiedUsdPerMonth;
    return running;
  });
  const values = [...months.flatMap((m) => [m.estimatedUsdPerMonth, m.verifiedUsdPerMonth]), ...cumulative];
  const scale = linearScale(values, plotH);
  const y = (v: number) => PAD.top + plotH - scale(v);
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(2, Math.min(28, slot / 3));
  const parts: string[] = [
    `<line x1="${PAD.left}" y1="${px(y(0))}" x2="${WIDTH - PAD.right}" y2="${px(y(0))}" class="axis"/>`,
    `<text x="${PAD.left - 6}" y="${px(PAD.top + 4)}" class="tick" text-anchor="end">${escapeHtml(shortUsd(Math.max(0, ...values)))}</text>`,
    `<text x="${PAD.left - 6}" y="${px(y(0) + 4)}" class="tick" text-anchor="end">$0</text>`,
  ];
  months.forEach((m, i) => {
    const x = PAD.left + i * slot + slot / 2;
    for (const [offset, value, cls, label] of [
      [-barW, m.estimatedUsdPerMonth, 'bar-estimated', 'estimated'],
      [0, m.verifiedUsdPerMonth, 'bar-verified', 'verified'],
    ] as const) {
      const top = Math.min(y(value), y(0));
      const h = Math.max(1, Math.abs(y(value) - y(0)));
      parts.push(
        `<rect x="${px(x + offset)}" y="${px(top)}" width="${px(barW)}" height="${px(h)}" class="${cls}"><title>${escapeHtml(`${m.key} ${label}: ${shortUsd(value)}/month`)}</title></rect>`,
      );
    }
    parts.push(
      `<text x="${px(x)}" y="${HEIGHT - PAD.bottom + 16}" class="tick" text-anchor="middle">${escapeHtml(m.key)}</text>`,
    );
  });
  if (months.length > 0) {
    const d = cumulative
      .map((v, i) => `${i === 0 ? 'M' : 'L'}${px(PAD.left + i * slot + slot / 2)} ${px(y(v))}`)
      .join(' ');
    parts.push(`<path d="${d}" class="line-cumulative"><title>cumulative verified USD/month</title></path>`);
  } else {
    parts.push(
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="empty">no data in the period</text>`,
    );
  }
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Savings over time">${parts.join('')}</svg>`;
}
