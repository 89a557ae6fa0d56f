import { cellText, type ReportCell, reportTables } from './report-tables.ts';
import type { SavingsReport } from './savings-report.ts';

/** Escapes a markdown table cell (`|` and newlines). */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A cell as markdown: a linked cell as `[text](url)` (the URL is http(s), from buildReport; `)` escaped). */
function cellMarkdown(cell: ReportCell): string {
  const text = md(cellText(cell));
  if (!('text' in cell) || cell.href === undefined) return text;
  const label = text.replace(/[[\]]/g, '\\$&');
  return `[${label}](${cell.href.replace(/[()\s]/g, encodeURIComponent)})`;
}

/** The report as GitHub-flavoured markdown (`--format markdown`). */
export function renderMarkdownReport(report: SavingsReport): string {
  const lines = [
    '# lakewarden savings report',
    '',
    `Generated ${report.generatedAt}${report.since === null ? '' : `, since ${report.since}`}. Prices: ${report.priceBasis}.`,
  ];
  for (const table of reportTables(report)) {
    lines.push('', `## ${table.title}`, '');
    if (table.rows.length === 0) {
      lines.push('_none_');
      continue;
    }
    lines.push(`| ${table.columns.map(md).join(' | ')} |`);
    lines.push(`| ${table.rows[0]?.map((c) => ('text' in c ? '---' : '---:')).join(' | ')} |`);
    for (const row of table.rows) lines.push(`| ${row.map(cellMarkdown).join(' | ')} |`);
  }
  return lines.join('\n');
}
