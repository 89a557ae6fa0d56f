import { escapeHtml } from './escape-html.ts';
import { cellText, type ReportCell, reportTables } from './report-tables.ts';
import type { SavingsReport } from './savings-report.ts';
import { svgByTeam } from './svg-by-team.ts';
import { svgFunnel } from './svg-funnel.ts';
import { svgSavingsOverTime } from './svg-savings-over-time.ts';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#172b4d;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#5e6c84;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #dfe1e6;border-radius:6px;padding:10px 14px;min-width:170px}
.card b{display:block;font-size:20px}
figure{margin:12px 0;border:1px solid #dfe1e6;border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:6px}
figure svg{display:block;width:100%;height:auto}
.table-wrap{overflow-x:auto}td a{color:#0052cc}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{border-bottom:1px solid #ebecf0;padding:4px 8px;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.axis{stroke:#97a0af;stroke-width:1}.tick,.label{font-size:11px;fill:#42526e}.empty{font-size:13px;fill:#97a0af}
.bar-estimated{fill:#b3d4ff}.bar-verified{fill:#0052cc}.line-cumulative{fill:none;stroke:#36b37e;stroke-width:2}
.funnel-found{fill:#b3d4ff}.funnel-approved{fill:#4c9aff}.funnel-verified{fill:#0065ff}.funnel-measured{fill:#36b37e}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
`;

/** A table cell: numbers right-aligned; text with its hover title (an id behind a name) and link, if any. */
function cellHtml(cell: ReportCell): string {
  if (!('text' in cell)) return `<td class="num">${escapeHtml(cellText(cell))}</td>`;
  const title = cell.title === undefined ? '' : ` title="${escapeHtml(cell.title)}"`;
  const body =
    cell.href === undefined
      ? escapeHtml(cell.text)
      : `<a href="${escapeHtml(cell.href)}" rel="noopener noreferrer">${escapeHtml(cell.text)}</a>`;
  return `<td${title}>${body}</td>`;
}

/**
 * The report as one self-contained HTML page (`--format html`): inline CSS and inline SVG charts (savings
 * over time, by team, funnel), every table, no script and no external resource (no CDN, fonts or images). Issue
 * keys link to Jira and resources to the Databricks UI (plain links, nothing is fetched); names show their id on
 * hover.
 */
export function renderHtmlReport(report: SavingsReport): string {
  const t = report.totals;
  const card = (label: string, value: string) =>
    `<div class="card">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
  const usd = (v: number) => cellText({ usd: v });
  const tables = reportTables(report)
    .map((table) => {
      const head = table.columns
        .map((c, i) => {
          const first = table.rows[0]?.[i];
          return `<th${first !== undefined && !('text' in first) ? ' class="num"' : ''}>${escapeHtml(c)}</th>`;
        })
        .join('');
      const body =
        table.rows.length === 0
          ? `<tr><td colspan="${table.columns.length}">none</td></tr>`
          : table.rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('');
      return `<section id="${table.id}"><h2>${escapeHtml(table.title)}</h2><div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></section>`;
    })
    .join('\n');
  const legend =
    '<div class="legend"><span class="key" style="background:#b3d4ff"></span>estimated<span class="key" style="background:#0052cc"></span>verified<span class="key" style="background:#36b37e"></span>cumulative verified</div>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lakewarden savings report</title>
<style>${CSS}</style>
</head>
<body>
<h1>lakewarden savings report</h1>
<p class="meta">Generated ${escapeHtml(report.generatedAt)}${report.since === null ? '' : ` · since ${escapeHtml(report.since)}`} · statuses from ${report.statusSource} · USD per month at ${escapeHtml(report.priceBasis)}</p>
<div class="cards">${card(report.negotiatedPrices ? 'Estimated (list)' : 'Estimated', usd(t.estimatedUsdPerMonth))}${report.negotiatedPrices ? card('Estimated (effective)', usd(t.effectiveEstimatedUsdPerMonth)) : ''}${card('Excess of anomalies (not savings)', usd(t.excessUsdPerMonth))}${card('Approved (estimated)', usd(t.approvedUsdPerMonth))}${card('Verified (measured)', usd(t.verifiedUsdPerMonth))}${card('Findings', String(t.findings))}</div>
<figure id="chart-over-time"><figcaption>Savings over time (USD/month)</figcaption>${legend}${svgSavingsOverTime(report.byMonth)}</figure>
<figure id="chart-by-team"><figcaption>Savings by team (USD/month)</figcaption>${svgByTeam(report.byTeam)}</figure>
<figure id="chart-funnel"><figcaption>Approval funnel: found → approved → verified → measured</figcaption>${svgFunnel(report.funnel)}</figure>
${tables}
</body>
</html>
`;
}
