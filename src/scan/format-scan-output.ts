import { formatTable, formatUsd, truncate } from '../document/format-table.ts';
import type { ReportFinding, ScanReport } from './scan-report.ts';

/** Columns `lakewarden scan --sort` accepts; `usd` sorts by estimated USD/month, largest first, the others A→Z. */
export const FINDINGS_SORT_COLUMNS = ['usd', 'rule', 'resource', 'owner', 'action'] as const;
export type FindingsSortColumn = (typeof FINDINGS_SORT_COLUMNS)[number];

/** How much of the findings table to show: the first `limit` rows (all when undefined or 0) by `sort` (default usd). */
export interface FindingsTableView {
  limit?: number | undefined;
  sort?: FindingsSortColumn | undefined;
}

/**
 * The findings table printed by `lakewarden scan`: rule, resource, owner, est. USD/month (savings, `incl.` when
 * another finding on the resource already counts them), excess USD/month (anomalies), with negotiated prices the
 * effective USD/month of either, action. With a `limit`
 * smaller than the number of rows, a last line says how many rows are not shown.
 */
export function formatFindingsTable(outcome: ScanReport, view: FindingsTableView = {}): string {
  const ops = new Map<string, string>();
  for (const op of outcome.sync.ops) {
    if (op.op === 'resolve') continue;
    const label = op.op === 'create' && op.reason !== 'new' ? `create (${op.reason})` : op.op;
    ops.set(op.item.finding.fingerprint, outcome.dryRun ? `would ${label}` : label);
  }
  const findings = [...outcome.evaluation.findings].sort(
    (a, b) =>
      b.estimate.usdPerMonth - a.estimate.usdPerMonth ||
      (b.excessCost?.usdPerMonth ?? 0) - (a.excessCost?.usdPerMonth ?? 0) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.resource.id.localeCompare(b.resource.id),
  );
  // With negotiated prices, an extra column shows the saving (or excess) at the effective price next to list.
  const withEffective = findings.some(
    (f) => f.estimate.effective !== undefined || f.excessCost?.effective !== undefined,
  );
  const findingRow = (f: ReportFinding): string[] => {
    const route = outcome.sync.routes.get(f.fingerprint);
    const owner =
      route === undefined ? '—' : route.kind === 'unowned' ? 'unowned (default queue)' : (route.owner ?? '—');
    return [
      f.ruleId,
      truncate(`${f.resource.kind} ${f.resource.name}`, 40),
      truncate(owner, 32),
      f.estimate.includedIn !== undefined
        ? `incl. ${f.estimate.includedIn.slice(0, 8)}`
        : f.category === 'cost' && f.excessCost === undefined
          ? formatUsd(f.estimate.usdPerMonth)
          : '—',
      f.excessCost === undefined ? '—' : formatUsd(f.excessCost.usdPerMonth),
      ...(withEffective ? [effectiveCell(f)] : []),
      ops.get(f.fingerprint) ?? '—',
    ];
  };
  const resolves = outcome.sync.ops.filter((o): o is Extract<typeof o, { op: 'resolve' }> => o.op === 'resolve');
  const resolveRow = (r: (typeof resolves)[number]): string[] => [
    r.record.ruleId,
    truncate(`${r.record.resourceKind} ${r.record.resourceId}`, 40),
    r.record.owner ?? '—',
    '—',
    '—',
    ...(withEffective ? ['—'] : []),
    outcome.dryRun ? 'would resolve' : 'resolve',
  ];
  const total = findings.length + resolves.length;
  const limit = view.limit === undefined || view.limit <= 0 ? total : view.limit;
  // Stable: rows equal in the chosen column keep the default order (USD desc, rule, resource).
  const column = { usd: undefined, rule: 0, resource: 1, owner: 2, action: withEffective ? 6 : 5 }[view.sort ?? 'usd'];
  let shown: string[][];
  if (column === undefined) {
    // The default order is the findings' then the resolves': only the rows shown are formatted.
    shown = findings.slice(0, limit).map(findingRow);
    if (shown.length < limit) shown.push(...resolves.slice(0, limit - shown.length).map(resolveRow));
  } else {
    const rows = [...findings.map(findingRow), ...resolves.map(resolveRow)];
    rows.sort((a, b) => (a[column] as string).localeCompare(b[column] as string));
    shown = rows.slice(0, limit);
  }
  const table = formatTable(
    [
      'rule',
      'resource',
      'owner',
      'est. USD/month',
      'excess USD/month',
      ...(withEffective ? ['effective USD/month'] : []),
      'action',
    ],
    shown,
    new Set(withEffective ? [3, 4, 5] : [3, 4]),
  );
  return total > shown.length
    ? `${table}\n… ${total - shown.length} more rows not shown (--limit ${limit} of ${total}; --limit 0 shows all)`
    : table;
}

/** The saving (or an anomaly's excess) at the negotiated price, `—` when none applies or nothing is claimed. */
function effectiveCell(f: ReportFinding): string {
  const effective = f.excessCost !== undefined ? f.excessCost.effective : f.estimate.effective;
  if (effective === undefined || f.estimate.includedIn !== undefined) return '—';
  if (f.excessCost === undefined && f.category !== 'cost') return '—';
  return formatUsd(effective.usdPerMonth);
}

/** The summary line that ends every scan. */
export function formatSummaryLine(outcome: ScanReport): string {
  const c = outcome.sync.counts;
  const verb = outcome.dryRun ? 'dry run: ' : '';
  const findings = outcome.evaluation.findings;
  const negotiated = findings.some((f) => f.estimate.effective !== undefined || f.excessCost?.effective !== undefined);
  // At negotiated prices: each saving at its effective amount, or at list where no negotiated price applies.
  const effective = negotiated
    ? ` (${formatUsd(findings.reduce((sum, f) => sum + (f.estimate.effective?.usdPerMonth ?? f.estimate.usdPerMonth), 0))}/month at negotiated prices)`
    : '';
  return `${verb}${c.findings} findings, ${c.created} created, ${c.updated} updated, ${c.resolved} resolved, ${c.reopened > 0 ? `${c.reopened} reopened, ` : ''}${c.unchanged} unchanged, ${c.suppressed} suppressed${c.failed > 0 ? `, ${c.failed} failed` : ''}, total estimated ${formatUsd(c.estimatedUsdPerMonth)}/month at list price${effective}, excess cost of anomalies ${formatUsd(c.excessUsdPerMonth)}/month (not savings)`;
}

/** What the scan did with its `auto` findings (apply-auto.ts), or undefined when it handled none. */
export function formatAutoLine(outcome: Pick<ScanReport, 'auto'>): string | undefined {
  const a = outcome.auto;
  if (a === undefined || a.verified + a.notVerified + a.waiting + a.stopped + a.dryRun === 0) return undefined;
  const parts = [
    `${a.verified} applied and verified`,
    `${a.waiting} waiting for the notice period`,
    `${a.stopped} stopped by a guardrail (waiting for an approval)`,
  ];
  if (a.notVerified > 0) parts.push(`${a.notVerified} not verified (see their issues)`);
  if (a.dryRun > 0) parts.push(`${a.dryRun} not applied: remediation.dryRun`);
  return `auto: ${parts.join(', ')}`;
}

/**
 * The lines a degraded scan prints before its summary: one "not evaluated" line per rule with the missing
 * system tables it needs, then the one "degraded" line naming every missing table and why. Empty when complete.
 */
export function formatDegradedLines(
  outcome: ScanReport,
  missing: readonly { table: string; reason: string }[],
): string[] {
  if (!outcome.degraded) return [];
  const lines = outcome.notEvaluated.map(
    (r) => `not evaluated: ${r.ruleId} needs ${r.needs.map((t) => `\`${t}\``).join(', ')}`,
  );
  const reasons = [...new Set(missing.map((m) => m.reason))];
  lines.push(
    `degraded: ${outcome.notEvaluated.length} rule(s) not evaluated, missing ${missing.map((m) => m.table).join(', ')} (${reasons.join('; ')}); their open findings were left unchanged`,
  );
  return lines;
}
