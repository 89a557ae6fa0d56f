import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { LakewardenConfig } from '../config/schema.ts';
import type { ScanAi } from '../findings/ai-port.ts';
import type { ProgressPort } from '../logging/progress-port.ts';
import type { Store } from '../records/store.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { createEvaluation, type EvaluationResult } from '../rules/evaluate-snapshot.ts';
import { type NotEvaluatedRule, partitionRules } from '../rules/rule-needs.ts';
import type { NegotiatedPrices } from '../snapshot/negotiated-prices.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { SnapshotSource } from '../snapshot/snapshot-source.ts';
import { formatFailureGroup } from '../tickets/group-failures.ts';
import type { TemplateSet } from '../tickets/load-templates.ts';
import { syncFindings } from '../tickets/sync-findings.ts';
import type { SyncResult } from '../tickets/sync-result.ts';
import type { IssueTracker } from '../tracker/issue-tracker.ts';
import type { AutoOutcome, AutoRemediationPorts } from './apply-auto.ts';
import { postAnalyses } from './post-analyses.ts';
import { recordFiledPlans } from './record-filed-plans.ts';

export interface ScanDeps {
  store: Store;
  tracker: IssueTracker | undefined;
  config: LakewardenConfig;
  rules: readonly CompiledRule[];
  templates: TemplateSet;
  logger: Logger;
  scrub: (text: string) => string;
  now: () => Date;
  ai?: ScanAi | undefined;
  /** The account's negotiated prices: findings then carry the effective amount next to the list amount. */
  negotiated?: NegotiatedPrices | undefined;
  /** Told how evaluation and sync advance (the CLI's terminal display); nothing when undefined. */
  progress?: ProgressPort | undefined;
  /**
   * The executor's ports for `auto` findings (apply-auto.ts), wired by src/main.ts; undefined: no finding is
   * applied by the scan (auto findings stay filed, waiting as if for an approval).
   */
  auto?: AutoRemediationPorts | undefined;
}

export interface ScanOutcome {
  scanId: string;
  evaluation: EvaluationResult;
  /** Resources in the snapshot. */
  resources: number;
  sync: SyncResult;
  dryRun: boolean;
  /** True when the snapshot is degraded (Snapshot.missing is not empty). */
  degraded: boolean;
  /** Rules not evaluated because a system table they need is missing; their findings were left as they were. */
  notEvaluated: NotEvaluatedRule[];
  /** What the scan did with its `auto` findings; undefined in a dry run or without the auto ports. */
  auto?: AutoOutcome | undefined;
}

/**
 * One scan: evaluate every rule on the snapshot, then sync the findings to Jira (or plan them, in a dry
 * run); with AI on, each issue the sync created then gets an analysis comment (`postAnalyses`). The scan run
 * is recorded in the store with its counts; a failure marks it failed and rethrows, and
 * failed writes (`sync.failures`) mark it failed with their grouped causes. After a sync that wrote, the plan
 * of each filed finding is kept in the store (record-filed-plans.ts): approvals apply that plan, never one
 * read from Jira; then, with `deps.auto`, the `auto` findings are applied inside their guardrails
 * (apply-auto.ts). On a degraded snapshot (Snapshot.missing), rules that need a missing system table are not
 * evaluated and are left out of the sync's active rules, so their open findings are neither updated nor resolved.
 * Resources are evaluated one at a time as the source yields them (a JSON Lines snapshot is never held whole);
 * only the resources that have a finding are kept, and only when the scan writes (filed plans and ask data need
 * nothing else). `previews: false` (a dry run whose output shows no previews) renders only the issues whose
 * content hash the plan compares (see SyncOptions.previews).
 */
export async function runScan(
  source: SnapshotSource,
  deps: ScanDeps,
  options: { dryRun: boolean; previews?: boolean | undefined },
): Promise<ScanOutcome> {
  const header = source.header;
  const scanId = randomUUID();
  const logger = deps.logger.child({ scanId });
  const dryRun = options.dryRun || deps.tracker === undefined;
  const startedAt = deps.now().toISOString();
  const run = {
    id: scanId,
    startedAt,
    finishedAt: null,
    source: header.source,
    dryRun,
    outcome: 'running' as const,
    findings: 0,
    created: 0,
    updated: 0,
    resolved: 0,
    unchanged: 0,
    suppressed: 0,
    estimatedUsdPerMonth: 0,
    error: null,
  };
  if (!dryRun) await deps.store.startScanRun(run);
  try {
    const missing = header.missing ?? [];
    const { evaluable, notEvaluated } = partitionRules(deps.rules, new Set(missing.map((m) => m.table)));
    for (const rule of notEvaluated) {
      logger.warn({ ruleId: rule.ruleId, needs: rule.needs }, 'rule not evaluated: a system table it needs is missing');
    }
    const evaluating = createEvaluation(header, evaluable, {
      progress: deps.progress,
      size: source.size,
      keepResources: !dryRun,
      negotiated: deps.negotiated,
    });
    const kinds = new Map<string, number>();
    for await (const resource of source.resources()) {
      evaluating.add(resource);
      kinds.set(resource.kind, (kinds.get(resource.kind) ?? 0) + 1);
    }
    const { findingResources, resources, ...evaluation } = evaluating.finish();
    // What the writes below read: the header and the resources that have a finding.
    const snapshot: Snapshot = { ...header, resources: findingResources };
    for (const error of evaluation.errors) {
      logger.warn(
        { ruleId: error.ruleId, resourceId: error.resourceId, error: error.message },
        'rule failed on a resource',
      );
    }
    logger.info({ findings: evaluation.findings.length, rules: evaluable.length }, 'rules evaluated');
    // Issue ids lakewarden itself recorded before this sync (an issue found only by its labels is not ours).
    const known = dryRun
      ? new Map<string, string>()
      : new Map((await deps.store.listIssues()).map((r) => [r.fingerprint, r.issueId]));
    const sync = await syncFindings(
      evaluation.findings,
      { ...deps, logger },
      {
        dryRun,
        scanId,
        activeRuleIds: new Set(evaluable.map((r) => r.rule.id)),
        scannedWorkspaceIds: new Set(header.workspaces.map((w) => w.id)),
        previews: options.previews,
      },
    );
    // With AI on, each new issue gets an AI-written analysis comment (never fails the scan).
    if (!dryRun && deps.ai !== undefined && deps.tracker !== undefined && sync.created.length > 0) {
      await postAnalyses(sync.created, { ai: deps.ai, tracker: deps.tracker, logger, scrub: deps.scrub });
    }
    // With AI on, keep what `/lakewarden ask` reads in serve: the findings and their resources' snapshot data.
    if (!dryRun && deps.ai !== undefined)
      await deps.ai.askData.save({ scanId, at: deps.now(), snapshot, findings: evaluation.findings });
    let auto: AutoOutcome | undefined;
    if (!dryRun) {
      const filed = await recordFiledPlans(snapshot, sync, { ...deps, logger }, known);
      logger.info({ filedPlans: filed }, 'filed plans kept');
      if (deps.auto !== undefined) {
        // The executor and its guardrails load only when a scan applies auto findings.
        const { applyAuto } = await import('./apply-auto.ts');
        auto = await applyAuto({ ...deps, logger, auto: deps.auto }, { scanId, sync, kinds });
        logger.info(auto, 'auto findings handled');
      }
      const failed = sync.failures.map(formatFailureGroup).join('; ');
      await deps.store.finishScanRun({
        ...run,
        ...sync.counts,
        finishedAt: deps.now().toISOString(),
        // A scan with any failed write did not do its job: recorded as failed, with the grouped causes.
        outcome: sync.failures.length === 0 ? 'succeeded' : 'failed',
        error: sync.failures.length === 0 ? null : deps.scrub(failed),
      });
    }
    return { scanId, evaluation, resources, sync, dryRun, degraded: missing.length > 0, notEvaluated, auto };
  } catch (error) {
    if (!dryRun) {
      await deps.store.finishScanRun({
        ...run,
        finishedAt: deps.now().toISOString(),
        outcome: 'failed',
        error: deps.scrub((error as Error).message),
      });
    }
    throw error;
  }
}
