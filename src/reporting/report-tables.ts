import { formatUsd } from '../savings/format-usd.ts';
import type { GroupRow, SavingsReport } from './savings-report.ts';

/** A cell: text, or a number shown right-aligned (`usd` = dollars, `count` = integer). */
export type ReportCell = { text: string } | { usd: number } | { count: number };

/** One titled table of the report, shared by the table, markdown, CSV and HTML renderers. */
export interface ReportTable {
  /** Stable machine name (CSV `section` column, HTML ids). */
  id: string;
  title: string;
  columns: string[];
  rows: ReportCell[][];
}

/** A cell's display text (USD as `$1,234.00`). */
export function cellText(cell: ReportCell): string {
  if ('text' in cell) return cell.text;
  if ('usd' in cell) return formatUsd(cell.usd);
  return String(cell.count);
}

/** A cell's raw value for machine formats (USD as a plain number with cents). */
export function cellValue(cell: ReportCell): string {
  if ('text' in cell) return cell.text;
  if ('usd' in cell) return cell.usd.toFixed(2);
  return String(cell.count);
}

const GROUP_COLUMNS = [
  'Findings',
  'Estimated USD/month',
  'Approved',
  'Approved USD/month',
  'Measured',
  'Verified USD/month',
];

function groupTable(id: string, title: string, keyTitle: string, rows: readonly GroupRow[]): ReportTable {
  return {
    id,
    title,
    columns: [keyTitle, ...GROUP_COLUMNS],
    rows: rows.map((r) => [
      { text: r.key },
      { count: r.findings },
      { usd: r.estimatedUsdPerMonth },
      { count: r.approved },
      { usd: r.approvedUsdPerMonth },
      { count: r.measured },
      { usd: r.verifiedUsdPerMonth },
    ]),
  };
}

/** The report as tables, in reading order: totals, funnel, breakdowns, statuses, ages, top opportunities. */
export function reportTables(report: SavingsReport): ReportTable[] {
  const t = report.totals;
  return [
    groupTable('totals', 'Totals', 'Scope', [
      { key: report.since === null ? 'all time' : `since ${report.since}`, ...t },
    ]),
    {
      id: 'funnel',
      title: 'Funnel (findings first seen in the period)',
      columns: ['Stage', 'Findings', 'USD/month'],
      rows: report.funnel.map((f) => [{ text: f.stage }, { count: f.count }, { usd: f.usdPerMonth }]),
    },
    groupTable('by-team', 'By team', 'Team', report.byTeam),
    groupTable('by-owner', 'By owner', 'Owner', report.byOwner),
    groupTable('by-rule', 'By rule', 'Rule', report.byRule),
    groupTable('by-workspace', 'By workspace', 'Workspace', report.byWorkspace),
    groupTable('by-month', 'By month', 'Month', report.byMonth),
    {
      id: 'status-counts',
      title: `Findings by status (${report.statusSource === 'jira' ? 'current Jira status' : 'from the store'})`,
      columns: ['Status', 'Findings'],
      rows: report.statusCounts.map((s) => [{ text: s.status }, { count: s.count }]),
    },
    {
      id: 'awaiting-approval-age',
      title: 'Awaiting approval, by time waited',
      columns: ['Waiting', 'Findings', 'Estimated USD/month'],
      rows: report.awaitingApprovalByAge.map((a) => [
        { text: a.bucket },
        { count: a.count },
        { usd: a.estimatedUsdPerMonth },
      ]),
    },
    {
      id: 'top-open',
      title: 'Top open opportunities',
      columns: [
        'Issue',
        'Rule',
        'Owner',
        'Team',
        'Workspace',
        'Resource',
        'Status',
        'Estimated USD/month',
        'Age (days)',
      ],
      rows: report.topOpen.map((o) => [
        { text: o.issueKey },
        { text: o.ruleId },
        { text: o.owner },
        { text: o.team },
        { text: o.workspaceId },
        { text: o.resource },
        { text: o.status },
        { usd: o.estimatedUsdPerMonth },
        { count: o.ageDays },
      ]),
    },
  ];
}
