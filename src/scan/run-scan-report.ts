import { randomUUID } from 'node:crypto';
import type { ProgressPort } from '../logging/progress-port.ts';
import type { Route } from '../routing/route.ts';
import { createEvaluation, type Evaluation, type RuleError } from '../rules/evaluate-snapshot.ts';
import { partitionRules } from '../rules/rule-needs.ts';
import type { SnapshotSource } from '../snapshot/snapshot-source.ts';
import type { LazyPreparedFinding } from '../tickets/lazy-prepared-finding.ts';
import { createSyncPlanner, type SyncOp } from '../tickets/plan-sync.ts';
import { prepareFinding } from '../tickets/prepare-finding.ts';
import { type SyncCounts, zeroCounts } from '../tickets/sync-result.ts';
import { readSyncState, syncPolicy } from '../tickets/sync-state.ts';
import { runScan, type ScanDeps } from './run-scan.ts';
import { type ReportFinding, type ReportOp, reportFindingOf, type ScanReport } from './scan-report.ts';

/** Resources evaluated, routed and planned together by a streamed dry run; then only their report is kept. */
export const CHUNK_RESOURCES = 10_000;

/**
 * A scan whose caller prints a {@link ScanReport} (not `--json`). A dry run without a tracker, without previews,
 * of a streamed snapshot (a JSON Lines file: `source.size` unknown) runs in chunks of `chunkResources` resources
 * (default {@link CHUNK_RESOURCES}), so what it holds past a chunk is what the report reads of each finding, not
 * the finding (evidence, plan, resource reference): each chunk is evaluated (createEvaluation, whose savings sharing and capping is within one resource, and a resource is in one chunk),
 * its findings routed and planned against the issue map read once (createSyncPlanner; an issue whose content hash
 * is compared is rendered then), and of each finding only its {@link ReportFinding}, op and route owner are kept;
 * the resolves come once every chunk is planned. Findings, ops, counts, errors and logs are those of
 * {@link runScan} on the same input (same order, same sums); the progress display shows one `evaluate` stage, which
 * includes the routing. Every other scan is {@link runScan}.
 * @throws as runScan (the store's reads, the snapshot's reader)
 */
export async function runScanReport(
  source: SnapshotSource,
  deps: ScanDeps,
  options: { dryRun: boolean; previews?: boolean | undefined },
  chunkResources = CHUNK_RESOURCES,
): Promise<ScanReport> {
  if (deps.tracker !== undefined || options.previews !== false || source.size !== undefined) {
    return runScan(source, deps, options);
  }
  const { header } = source;
  const { store, config } = deps;
  const scanId = randomUUID();
  const logger = deps.logger.child({ scanId });
  const missing = header.missing ?? [];
  const { evaluable, notEvaluated } = partitionRules(deps.rules, new Set(missing.map((m) => m.table)));
  for (const rule of notEvaluated) {
    logger.warn({ ruleId: rule.ruleId, needs: rule.needs }, 'rule not evaluated: a system table it needs is missing');
  }
  // What syncFindings reads once, read before the first chunk.
  const now = deps.now();
  const { records, accounts, snoozes } = await readSyncState(store, config, undefined, now);
  const planner = createSyncPlanner(
    records,
    [],
    syncPolicy(config, {
      now,
      activeRuleIds: new Set(evaluable.map((r) => r.rule.id)),
      scannedWorkspaceIds: new Set(header.workspaces.map((w) => w.id)),
      snoozes,
    }),
  );
  // Kept per rule, so the findings come out by rule, then resource, as one evaluation orders them.
  const opsByRule = new Map<string, FindingOp[]>(evaluable.map((r) => [r.rule.id, []]));
  const errorsByRule = new Map<string, RuleError[]>(evaluable.map((r) => [r.rule.id, []]));
  const routes = new Map<string, Pick<Route, 'kind' | 'owner'>>();
  const owners = new Map<string, Pick<Route, 'kind' | 'owner'>>();
  let belowMinimum = 0;
  let resources = 0;
  const progress = deps.progress;
  const inChunk: ProgressPort | undefined =
    progress === undefined
      ? undefined
      : { start() {}, advance: (by, detail) => progress.advance(by, detail), finish() {} };
  const start = (): Evaluation =>
    createEvaluation(header, evaluable, { progress: inChunk, negotiated: deps.negotiated });

  const flush = async (evaluation: Evaluation): Promise<void> => {
    const result = evaluation.finish();
    resources += result.resources;
    belowMinimum += result.belowMinimum;
    for (const error of result.errors) listOf(errorsByRule, error.ruleId).push(error);
    const items: LazyPreparedFinding[] = [];
    for (const finding of result.findings) {
      const { item, route } = await prepareFinding(finding, accounts, deps);
      // Routes of the same owner share one entry: the report reads only who owns the resource.
      const key = `${route.kind}\u0000${route.owner ?? ''}\u0000${route.owner === null}`;
      let owner = owners.get(key);
      if (owner === undefined) {
        owner = { kind: route.kind, owner: route.owner };
        owners.set(key, owner);
      }
      routes.set(finding.fingerprint, owner);
      items.push(item);
    }
    for (const op of planner.plan(items)) {
      if (op.op === 'resolve') continue;
      listOf(opsByRule, op.item.finding.ruleId).push(reportOpOf(op, reportFindingOf(op.item.finding)));
    }
  };

  progress?.start('evaluate', undefined);
  let evaluation = start();
  let added = 0;
  for await (const resource of source.resources()) {
    evaluation.add(resource);
    if (++added % chunkResources === 0) {
      await flush(evaluation);
      evaluation = start();
    }
  }
  await flush(evaluation);
  progress?.finish();

  const findingOps = [...opsByRule.values()].flat();
  const findings = findingOps.map((op) => op.item.finding);
  const errors = [...errorsByRule.values()].flat();
  for (const error of errors) {
    logger.warn(
      { ruleId: error.ruleId, resourceId: error.resourceId, error: error.message },
      'rule failed on a resource',
    );
  }
  logger.info({ findings: findings.length, rules: evaluable.length }, 'rules evaluated');
  const ops: ReportOp[] = [...findingOps, ...planner.resolves()];
  for (const entry of accounts.newEntries()) await store.cacheAccount(entry);
  return {
    scanId,
    evaluation: { findings, errors, belowMinimum },
    resources,
    sync: { counts: countsOf(findings, ops), failures: [], warnings: [], ops, previews: [], routes },
    dryRun: true,
    degraded: missing.length > 0,
    notEvaluated,
    auto: undefined,
  };
}

/** The op of a finding (not a resolve). */
type FindingOp = Exclude<ReportOp, { op: 'resolve' }>;

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function reportOpOf(op: Exclude<SyncOp, { op: 'resolve' }>, finding: ReportFinding): FindingOp {
  return op.op === 'create' ? { op: 'create', reason: op.reason, item: { finding } } : { op: op.op, item: { finding } };
}

/** The counts syncFindings gives a dry run of these ops: each op counted as planned, the sums in findings order. */
function countsOf(findings: readonly ReportFinding[], ops: readonly ReportOp[]): SyncCounts {
  const counts = zeroCounts(findings);
  for (const op of ops) {
    if (op.op === 'create') counts.created++;
    else if (op.op === 'update') counts.updated++;
    else if (op.op === 'reopen') counts.reopened++;
    else if (op.op === 'unchanged') counts.unchanged++;
    else if (op.op === 'suppressed' || op.op === 'snoozed') counts.suppressed++;
    else counts.resolved++;
  }
  return counts;
}
