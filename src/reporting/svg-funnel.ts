import { escapeHtml } from './escape-html.ts';
import type { SavingsReport } from './savings-report.ts';
import { px, shortUsd } from './svg-scale.ts';

const WIDTH = 640;
const ROW = 46;
const MAX_W = 420;

/** The funnel found → approved → verified → measured (inline SVG): centred bars, width ∝ findings. */
export function svgFunnel(funnel: SavingsReport['funnel']): string {
  const height = funnel.length * ROW + 16;
  const most = Math.max(1, ...funnel.map((f) => f.count));
  const centre = 260;
  const parts = funnel.map((stage, i) => {
    const w = Math.max(2, (stage.count / most) * MAX_W);
    const top = 8 + i * ROW;
    const label = `${stage.stage}: ${stage.count} · ${shortUsd(stage.usdPerMonth)}/month`;
    return `<rect x="${px(centre - w / 2)}" y="${top}" width="${px(w)}" height="${ROW - 10}" class="funnel-${stage.stage}"><title>${escapeHtml(label)}</title></rect><text x="${centre + MAX_W / 2 + 12}" y="${top + ROW / 2}" class="label">${escapeHtml(label)}</text>`;
  });
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Funnel: found, approved, verified, measured">${parts.join('')}</svg>`;
}
