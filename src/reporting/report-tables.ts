import { formatUsd } from '../savings/format-usd.ts';
import type { GroupRow, SavingsReport } from './savings-report.ts';

/**
 * A cell: text (with an optional link `href` and a hover `title`, e.g. the id behind a name; only HTML shows
 * them), or a number shown right-aligned (`usd` = dollars, `count` = integer).
 */
export type ReportCell =
  | { text: string; href?: string | undefined; title?: string | undefined }
  | { usd: number }
  | { count: number };

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

/**
 * Estimated (list, and effective beside it with negotiated prices), excess and verified are separate columns:
 * excess is what anomalies cost, never a saving; verified is measured from billing.
 */
function groupTable(
  id: string,
  title: string,
  keyTitle: string,
  rows: readonly GroupRow[],
  negotiated: boolean,
): ReportTable {
  return {
    id,
    title,
    columns: [
      keyTitle,
      'Findings',
      negotiated ? 'Estimated USD/month (list)' : 'Estimated USD/month',
      ...(negotiated ? ['Estimated USD/month (effective)'] : []),
      'Excess USD/month (not savings)',
      'Approved',
      'Approved USD/month',
      'Measured',
      'Verified USD/month',
    ],
    rows: rows.map((r) => [
      r.label === undefined ? { text: r.key } : { text: r.label, title: r.key },
      { count: r.findings },
      { usd: r.estimatedUsdPerMonth },
      ...(negotiated ? [{ usd: r.effectiveEstimatedUsdPerMonth }] : []),
      { usd: r.excessUsdPerMonth },
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
  const negotiated = report.negotiatedPrices;
  return [
    groupTable(
      'totals',
      'Totals',
      'Scope',
      [{ key: report.since === null ? 'all time' : `since ${report.since}`, ...t }],
      negotiated,
    ),
    {
      id: 'funnel',
      title: 'Approval funnel (findings that wait for an approval, first seen in the period)',
      columns: ['Stage', 'Findings', 'USD/month'],
      rows: report.funnel.map((f) => [{ text: f.stage }, { count: f.count }, { usd: f.usdPerMonth }]),
    },
    groupTable('by-team', 'By team', 'Team', report.byTeam, negotiated),
    groupTable('by-owner', 'By owner', 'Owner', report.byOwner, negotiated),
    groupTable('by-rule', 'By rule', 'Rule', report.byRule, negotiated),
    groupTable('by-workspace', 'By workspace', 'Workspace', report.byWorkspace, negotiated),
    groupTable('by-month', 'By month', 'Month', report.byMonth, negotiated),
    {
      id: 'action-outcomes',
      title: 'Actions by outcome (latest action per finding; refused, failed and rolled back changed nothing)',
      columns: ['Outcome', 'Findings'],
      rows: report.actionOutcomes.map((o) => [{ text: o.outcome }, { count: o.count }]),
    },
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
        negotiated ? 'Estimated USD/month (list)' : 'Estimated USD/month',
        ...(negotiated ? ['Estimated USD/month (effective)'] : []),
        'Age (days)',
      ],
      rows: report.topOpen.map((o) => [
        { text: o.issueKey, href: o.issueUrl ?? undefined },
        { text: o.ruleId },
        { text: o.owner },
        { text: o.team },
        o.workspaceName === null ? { text: o.workspaceId } : { text: o.workspaceName, title: o.workspaceId },
        o.resourceName === null
          ? { text: o.resource, href: o.resourceUrl ?? undefined }
          : { text: o.resourceName, title: o.resource, href: o.resourceUrl ?? undefined },
        { text: o.status },
        { usd: o.estimatedUsdPerMonth },
        ...(negotiated
          ? [o.effectiveUsdPerMonth === null ? { text: 'list only' } : { usd: o.effectiveUsdPerMonth }]
          : []),
        { count: o.ageDays },
      ]),
    },
  ];
}
