import { cellText, reportTables } from './report-tables.ts';
import type { SavingsReport } from './savings-report.ts';

/** Escapes a markdown table cell (`|` and newlines). */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
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
    for (const row of table.rows) lines.push(`| ${row.map((c) => md(cellText(c))).join(' | ')} |`);
  }
  return lines.join('\n');
}
