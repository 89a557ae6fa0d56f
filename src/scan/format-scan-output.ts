import { formatTable, formatUsd, truncate } from './format-table.ts';
import type { ScanOutcome } from './run-scan.ts';

/** The findings table printed by `lakewarden scan`: rule, resource, owner, est. USD/month, action. */
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
      f.category === 'cost' ? formatUsd(f.estimate.usdPerMonth) : '—',
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
      outcome.dryRun ? 'would resolve' : 'resolve',
    ]);
  }
  return formatTable(['rule', 'resource', 'owner', 'est. USD/month', 'action'], rows, new Set([3]));
}

/** The summary line that ends every scan. */
export function formatSummaryLine(outcome: ScanOutcome): string {
  const c = outcome.sync.counts;
  const verb = outcome.dryRun ? 'dry run: ' : '';
  return `${verb}${c.findings} findings, ${c.created} created, ${c.updated} updated, ${c.resolved} resolved, ${c.unchanged} unchanged, ${c.suppressed} suppressed${c.failed > 0 ? `, ${c.failed} failed` : ''}, total estimated ${formatUsd(c.estimatedUsdPerMonth)}/month`;
}

/**
 * The lines a degraded scan prints before its summary: one "not evaluated" line per rule with the missing
 * system tables it needs, then the one "degraded" line naming every missing table and why. Empty when complete.
 */
export function formatDegradedLines(
  outcome: ScanOutcome,
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
