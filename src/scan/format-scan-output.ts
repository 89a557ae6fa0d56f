import { formatTable, formatUsd, truncate } from './format-table.ts';
import type { ScanOutcome } from './run-scan.ts';

/**
 * The findings table printed by `lakewarden scan`: rule, resource, owner, est. USD/month (savings, `incl.`
 * when another finding on the resource already counts them), excess USD/month (anomalies), action.
 */
export function formatFindingsTable(outcome: ScanOutcome): string {
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
  const rows = findings.map((f) => {
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
      ops.get(f.fingerprint) ?? '—',
    ];
  });
  const resolves = outcome.sync.ops.filter((o) => o.op === 'resolve');
  for (const r of resolves) {
    if (r.op !== 'resolve') continue;
    rows.push([
      r.record.ruleId,
      truncate(`${r.record.resourceKind} ${r.record.resourceId}`, 40),
      r.record.owner ?? '—',
      '—',
      '—',
      outcome.dryRun ? 'would resolve' : 'resolve',
    ]);
  }
  return formatTable(
    ['rule', 'resource', 'owner', 'est. USD/month', 'excess USD/month', 'action'],
    rows,
    new Set([3, 4]),
  );
}

/** The summary line that ends every scan. */
export function formatSummaryLine(outcome: ScanOutcome): string {
  const c = outcome.sync.counts;
  const verb = outcome.dryRun ? 'dry run: ' : '';
  return `${verb}${c.findings} findings, ${c.created} created, ${c.updated} updated, ${c.resolved} resolved, ${c.unchanged} unchanged, ${c.suppressed} suppressed${c.failed > 0 ? `, ${c.failed} failed` : ''}, total estimated ${formatUsd(c.estimatedUsdPerMonth)}/month, excess cost of anomalies ${formatUsd(c.excessUsdPerMonth)}/month (not savings)`;
}
