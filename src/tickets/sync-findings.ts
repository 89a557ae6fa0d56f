import type { Logger } from 'pino';
import type { LakewardenConfig } from '../config/schema.ts';
import type { AdfDoc } from '../document/adf.ts';
import { AuthenticationError, ExternalServiceError } from '../errors.ts';
import type { Finding } from '../findings/finding.ts';
import type { ProgressPort } from '../logging/progress-port.ts';
import type { IssueRecord, Store } from '../records/store.ts';
import type { Route } from '../routing/route.ts';
import type { IssueTracker, TrackedIssue } from '../tracker/issue-tracker.ts';
import { applyCreateScreens } from './apply-create-screens.ts';
import { formatFailureGroup, groupFailures, type WriteFailure } from './group-failures.ts';
import { LazyPreparedFinding } from './lazy-prepared-finding.ts';
import type { TemplateSet } from './load-templates.ts';
import { type PreparedFinding, planSync, type SyncOp } from './plan-sync.ts';
import { prepareFinding } from './prepare-finding.ts';
import { type SyncPreview, type SyncResult, zeroCounts } from './sync-result.ts';
import { readSyncState, syncPolicy } from './sync-state.ts';
import { commentOf, type FailWrite, renderComments, reopenIssue, resolveIssue } from './transition-issues.ts';

export interface SyncDeps {
  /** Undefined when no Jira credentials are configured: the sync plans only (dry run). */
  tracker: IssueTracker | undefined;
  store: Store;
  config: LakewardenConfig;
  templates: TemplateSet;
  logger: Logger;
  scrub: (text: string) => string;
  now: () => Date;
  /** Told how routing and rendering, then the Jira writes, advance (the CLI's terminal display). */
  progress?: ProgressPort | undefined;
  /** Computes each draft's content hash when first read (canonicalHash when undefined; tests count calls). */
  hashContent?: ((value: unknown) => string) | undefined;
}

export interface SyncOptions {
  dryRun: boolean;
  scanId: string;
  activeRuleIds: ReadonlySet<string>;
  scannedWorkspaceIds: ReadonlySet<string>;
  /**
   * Build `SyncResult.previews` (default true; always when the sync writes). False in a dry run whose output
   * needs no previews: then only findings whose known issue's content hash is compared are rendered.
   */
  previews?: boolean | undefined;
}

/**
 * Files findings as Jira issues: one issue per fingerprint, created in bulk, updated in place only when
 * the content changed, resolved with a comment when the finding disappears, never re-created after a
 * person declined it (unless materially worse or the snooze expired). With a tracker, credentials are
 * checked (`GET /myself`) before anything else, so bad credentials stop the scan before any write.
 * Three phases: prepare (the issue map, snoozes and account cache read once; routing, account lookups and
 * every rendering done; `planSync` decides), apply (only the tracker writes of the plan), record (the issue
 * records and new account lookups persisted, also when a write throws).
 * @throws AuthenticationError / ExternalServiceError from the tracker; nothing is written after such a failure.
 */
export async function syncFindings(
  findings: readonly Finding[],
  deps: SyncDeps,
  options: SyncOptions,
): Promise<SyncResult> {
  const { tracker, store, config } = deps;
  const now = deps.now();
  if (tracker !== undefined) {
    const me = await tracker.whoAmI();
    deps.logger.info({ accountId: me.accountId }, 'jira credentials verified');
  }
  const { records, accounts, snoozes } = await readSyncState(store, config, tracker, now);
  const recordByFp = new Map(records.map((r) => [r.fingerprint, r]));
  const routes = new Map<string, Route>();
  const prepared: LazyPreparedFinding[] = [];
  deps.progress?.start('sync: route and render', findings.length);
  for (const finding of findings) {
    deps.progress?.advance();
    const { item, route } = await prepareFinding(finding, accounts, deps);
    routes.set(finding.fingerprint, route);
    prepared.push(item);
  }
  deps.progress?.finish();
  const tracked = tracker === undefined ? [] : await searchKnown(tracker, prepared, records, routes);
  const ops = planSync(
    prepared,
    records,
    tracked,
    syncPolicy(config, {
      now,
      activeRuleIds: options.activeRuleIds,
      scannedWorkspaceIds: options.scannedWorkspaceIds,
      snoozes,
    }),
  );
  const write = tracker !== undefined && !options.dryRun;
  const counts = zeroCounts(findings);
  const defaultProject = config.jira.projectKey ?? '';
  let projectOf = new Map<string, string>();
  let warnings: string[] = [];
  if (tracker !== undefined) {
    // Create metadata, once per project per scan, before any write: a screen lakewarden cannot file on stops here.
    const writing = ops.flatMap((o) => (o.op === 'create' || o.op === 'update' || o.op === 'reopen' ? [o.item] : []));
    if (writing.length > 0) {
      ({ warnings, projectOf } = await applyCreateScreens(
        writing,
        tracker,
        config.jira.fields.estimatedSavings,
        config.jira.priority,
      ));
      for (const warning of warnings) deps.logger.warn({ warning: deps.scrub(warning) }, 'jira screen mismatch');
    }
  }
  const failures: WriteFailure[] = [];
  const fail: FailWrite = (operation, fingerprint, error, issueKey) => {
    if (error instanceof AuthenticationError || !(error instanceof ExternalServiceError || typeof error === 'string')) {
      throw error;
    }
    const text = deps.scrub(typeof error === 'string' ? error : error.message);
    const projectKey = projectOf.get(fingerprint) ?? issueKey?.replace(/-\d+$/, '') ?? defaultProject;
    failures.push({ operation, projectKey, error: text });
    counts.failed++;
  };
  // Every comment a write may post, rendered before the first write.
  const comments = write ? renderComments(ops, deps, options.scanId, now) : new Map<string, AdfDoc>();
  const previews: SyncPreview[] = [];
  const wantPreviews = write || options.previews !== false;
  const keyByFp = new Map<string, string>();
  const created: SyncResult['created'] = [];
  /** Issue records to persist once the writes are done (also when one throws). */
  const toRecord: IssueRecord[] = [];
  try {
    const creates = ops.filter((o): o is Extract<SyncOp, { op: 'create' }> => o.op === 'create');
    if (write && creates.length > 0) {
      const results = await tracker.createIssues(creates.map((c) => c.item.draft));
      for (const [index, result] of results.entries()) {
        const create = creates[index];
        if (create === undefined) continue;
        if (!result.ok) {
          fail('create', result.fingerprint, result.error);
          continue;
        }
        keyByFp.set(result.fingerprint, result.key);
        created.push({ finding: create.item.finding, issueId: result.id, issueKey: result.key });
        toRecord.push(recordFor(create.item, result.id, result.key, 'open', now, undefined));
      }
    }
    if (write) deps.progress?.start('sync: write to Jira', ops.length);
    for (const op of ops) {
      if (write) deps.progress?.advance();
      switch (op.op) {
        case 'create':
          if (!write || keyByFp.has(op.item.finding.fingerprint)) counts.created++;
          break;
        case 'update':
          if (write) {
            try {
              await tracker.updateIssue(op.issueId, op.item.draft);
            } catch (error) {
              fail('update', op.item.finding.fingerprint, error);
              break;
            }
            toRecord.push(recordFor(op.item, op.issueId, op.issueKey, 'open', now, recordByFp.get(fpOf(op))));
          }
          counts.updated++;
          break;
        case 'reopen':
          if (write) {
            const reopened = await reopenIssue(op, tracker, deps, commentOf(comments, op), fail);
            if (!reopened) break;
            const previous = recordByFp.get(fpOf(op));
            toRecord.push({ ...recordFor(op.item, op.issueId, op.issueKey, 'open', now, previous), declinedAt: null });
          }
          counts.reopened++;
          break;
        case 'unchanged':
          if (write) toRecord.push(touched(recordByFp, op.item, op.issueId, op.issueKey, 'open', now));
          counts.unchanged++;
          break;
        case 'suppressed':
          if (write) {
            toRecord.push(touched(recordByFp, op.item, op.issueId, op.issueKey, 'declined', now, op.declinedAt));
          }
          counts.suppressed++;
          break;
        case 'snoozed':
          counts.suppressed++;
          break;
        case 'resolve':
          if (write) {
            const resolved = await resolveIssue(op, tracker, deps, commentOf(comments, op), fail);
            if (!resolved) break;
            toRecord.push({ ...op.record, state: 'resolved', resolvedAt: now.toISOString() });
          }
          counts.resolved++;
          break;
        default: {
          const never: never = op;
          throw new Error(`unhandled sync op ${JSON.stringify(never)}`);
        }
      }
      if (wantPreviews) previews.push(previewOf(op, keyByFp, routes));
    }
    deps.progress?.finish();
  } finally {
    for (const record of toRecord) await store.upsertIssue(record);
    for (const entry of accounts.newEntries()) await store.cacheAccount(entry);
  }
  const groups = groupFailures(failures);
  for (const group of groups) {
    deps.logger.error({ count: group.count, example: group.example }, formatFailureGroup(group));
  }
  return { counts, failures: groups, warnings, ops, previews, routes, created };
}

function fpOf(op: Exclude<SyncOp, { op: 'resolve' }>): string {
  return op.item.finding.fingerprint;
}

async function searchKnown(
  tracker: IssueTracker,
  prepared: readonly PreparedFinding[],
  records: readonly IssueRecord[],
  routes: ReadonlyMap<string, Route>,
): Promise<TrackedIssue[]> {
  const fingerprints = new Set(prepared.map((p) => p.finding.fingerprint));
  for (const r of records) if (r.state !== 'resolved') fingerprints.add(r.fingerprint);
  if (fingerprints.size === 0) return [];
  // The route's project is the draft's (buildDraft), read without rendering the draft.
  const projects = new Set(
    prepared.flatMap((p) => {
      const projectKey = routes.get(p.finding.fingerprint)?.projectKey;
      return projectKey === undefined ? [] : [projectKey];
    }),
  );
  // Read-after-write: the most recently filed issues are reconciled so a fresh create is visible.
  const recent = [...records]
    .sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt))
    .slice(0, 50)
    .map((r) => r.issueId);
  return tracker.findByFingerprints([...fingerprints], recent, [...projects]);
}

/** The record of an issue the sync leaves as it is: seen now, its content hash and decline kept. */
function touched(
  recordByFp: ReadonlyMap<string, IssueRecord>,
  item: PreparedFinding,
  issueId: string,
  issueKey: string,
  state: IssueRecord['state'],
  now: Date,
  declinedAt?: string,
): IssueRecord {
  const previous = recordByFp.get(item.finding.fingerprint);
  const record = recordFor(item, issueId, issueKey, state, now, previous);
  if (declinedAt !== undefined) record.declinedAt = previous?.declinedAt ?? declinedAt;
  if (state !== 'open') record.contentHash = previous?.contentHash ?? record.contentHash;
  return record;
}

function recordFor(
  item: PreparedFinding,
  issueId: string,
  issueKey: string,
  state: IssueRecord['state'],
  now: Date,
  previous: IssueRecord | undefined,
): IssueRecord {
  const { finding } = item;
  return {
    fingerprint: finding.fingerprint,
    issueId,
    issueKey,
    ruleId: finding.ruleId,
    workspaceId: finding.resource.workspaceId,
    resourceKind: finding.resource.kind,
    resourceId: finding.resource.id,
    state,
    contentHash: item.draft.contentHash,
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    owner: item.owner,
    team: item.team,
    firstSeenAt: previous?.firstSeenAt ?? now.toISOString(),
    lastSeenAt: now.toISOString(),
    declinedAt: previous?.declinedAt ?? null,
    resolvedAt: null,
    excessUsd: finding.excessCost?.usdPerMonth ?? 0,
    effectiveSavingsUsd: finding.estimate.effective?.usdPerMonth ?? null,
    effectiveExcessUsd: finding.excessCost?.effective?.usdPerMonth ?? null,
    resourceName: finding.resource.name,
    workspaceName: finding.resource.workspaceName ?? null,
    resourceUrl: finding.resource.url ?? null,
    autonomy: finding.plan.autonomy,
  };
}

function previewOf(op: SyncOp, keys: Map<string, string>, routes: Map<string, Route>): SyncPreview {
  if (op.op === 'resolve') {
    return {
      op: op.op,
      fingerprint: op.record.fingerprint,
      issueKey: op.issueKey,
      summary: `Resolve ${op.issueKey}: ${op.record.ruleId} on ${op.record.resourceKind} ${op.record.resourceId} no longer detected`,
      markdown: `# Resolve ${op.issueKey}\n\nThe finding ${op.record.fingerprint} (${op.record.ruleId}) is no longer detected; the issue gets a comment and moves to done.\n`,
      adf: { type: 'doc', version: 1, content: [] },
      routedBy: '',
      assignee: undefined,
    };
  }
  const fp = op.item.finding.fingerprint;
  const route = routes.get(fp);
  return {
    op: op.op,
    fingerprint: fp,
    issueKey: op.op === 'create' ? keys.get(fp) : op.issueKey,
    summary: op.item.draft.summary,
    markdown: op.item instanceof LazyPreparedFinding ? op.item.markdown : '',
    adf: op.item.draft.description,
    routedBy: route?.routedBy ?? '',
    assignee: op.item.draft.assigneeAccountId ?? route?.assignee,
  };
}
