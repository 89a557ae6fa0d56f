import { cellText, type ReportTable, reportTables } from './report-tables.ts';
import type { SavingsReport } from './savings-report.ts';

function isNumeric(table: ReportTable, column: number): boolean {
  const first = table.rows[0]?.[column];
  return first !== undefined && !('text' in first);
}

/** The report as aligned plain-text tables for a terminal (`--format table`). */
export function renderTextReport(report: SavingsReport): string {
  const lines = [`lakewarden savings report — generated ${report.generatedAt}`, `Prices: ${report.priceBasis}`];
  for (const table of reportTables(report)) {
    const cells = table.rows.map((r) => r.map(cellText));
    const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
    const line = (values: readonly string[]) =>
      values
        .map((v, i) => (isNumeric(table, i) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    lines.push('', table.title, line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '));
    if (cells.length === 0) lines.push('(none)');
    for (const row of cells) lines.push(line(row));
  }
  return lines.join('\n');
}
