import { cellValue, type ReportCell, reportTables } from './report-tables.ts';
import type { SavingsReport } from './savings-report.ts';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A cell for CSV. Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
 * CR — e.g. a team name from a resource tag) is prefixed with `'` (OWASP CSV injection); numbers are left as is.
 */
function csvCell(cell: ReportCell): string {
  const value = cellValue(cell);
  return 'text' in cell && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The report as CSV (`--format csv`): one block per table, each `section,<columns…>` header followed by its rows
 * (USD as plain numbers with two decimals), blocks separated by an empty line. CRLF line ends.
 */
export function renderCsvReport(report: SavingsReport): string {
  const blocks = reportTables(report).map((table) =>
    [['section', ...table.columns], ...table.rows.map((r) => [table.id, ...r.map(csvCell)])]
      .map((fields) => fields.map(csvField).join(','))
      .join('\r\n'),
  );
  return `${blocks.join('\r\n\r\n')}\r\n`;
}
