import type { Logger } from 'pino';
import { analyzeFindings } from '../ai/analyze-findings.ts';
import type { AiServices } from '../ai/create-ai-services.ts';
import type { LakewardenConfig } from '../config/schema.ts';
import type { Finding } from '../findings/finding.ts';
import { resolveRoute, unowned } from '../routing/resolve-route.ts';
import type { Route } from '../routing/route.ts';
import type { IssueRecord, Store } from '../store/store.ts';
import type { AdfDoc } from './adf.ts';
import { buildDraft } from './build-draft.ts';
import type { IssueTracker, TrackedIssue } from './issue-tracker.ts';
import type { TemplateSet } from './load-templates.ts';
import { type PreparedFinding, planSync, type SyncOp } from './plan-sync.ts';
import { renderIssue } from './render-issue.ts';
import { renderResolutionComment } from './render-resolution-comment.ts';
import { resolveAssignee } from './resolve-assignee.ts';
import { scrubAdf } from './scrub-adf.ts';

export interface SyncDeps {
  /** Undefined when no Jira credentials are configured: the sync plans only (dry run). */
  tracker: IssueTracker | undefined;
  store: Store;
  config: LakewardenConfig;
  templates: TemplateSet;
  logger: Logger;
  scrub: (text: string) => string;
  now: () => Date;
  /** AI services when enabled: new issues get an AI-written analysis comment. */
  ai?: AiServices | undefined;
}

export interface SyncOptions {
  dryRun: boolean;
  scanId: string;
  activeRuleIds: ReadonlySet<string>;
  scannedWorkspaceIds: ReadonlySet<string>;
}

/** One issue lakewarden created, updated or resolved (or would, in a dry run), for previews and output. */
export interface SyncPreview {
  op: SyncOp['op'];
  fingerprint: string;
  issueKey: string | undefined;
  summary: string;
  markdown: string;
  adf: AdfDoc;
  routedBy: string;
  assignee: string | undefined;
}

export interface SyncCounts {
  findings: number;
  created: number;
  updated: number;
  resolved: number;
  unchanged: number;
  suppressed: number;
  failed: number;
  estimatedUsdPerMonth: number;
  /** Sum of the excess cost of anomaly findings (USD/month); never part of `estimatedUsdPerMonth`. */
  excessUsdPerMonth: number;
}

export interface SyncResult {
  counts: SyncCounts;
  ops: SyncOp[];
  previews: SyncPreview[];
  routes: Map<string, Route>;
}

/**
 * Files findings as Jira issues: one issue per fingerprint, created in bulk, updated in place only when
 * the content changed, resolved with a comment when the finding disappears, never re-created after a
 * person declined it (unless materially worse or the snooze expired). With a tracker, credentials are
 * checked (`GET /myself`) before anything else, so bad credentials stop the scan before any write.
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
  const routes = new Map<string, Route>();
  const prepared: PreparedFinding[] = [];
  const markdownByFp = new Map<string, string>();
  for (const finding of findings) {
    let route = resolveRoute(finding.resource, config.routing);
    let resolution = await resolveAssignee(route.assignee, { routing: config.routing, store, tracker, now });
    if (resolution.status === 'unknown-user') {
      route = unowned(config.routing, `${route.routedBy.split(' → ')[0]}: ${resolution.email} has no Jira account`);
      resolution = await resolveAssignee(route.assignee, { routing: config.routing, store, tracker, now });
    }
    routes.set(finding.fingerprint, route);
    const rendered = renderIssue(finding, deps.templates, {
      routedBy: route.routedBy,
      approvedStatus: config.jira.statuses.approved,
      declinedStatus: config.jira.statuses.declined,
    });
    const description = scrubAdf(rendered.description, deps.scrub);
    const accountId = resolution.status === 'resolved' ? resolution.accountId : undefined;
    const draft = buildDraft(finding, route, { summary: deps.scrub(rendered.summary), description }, accountId);
    markdownByFp.set(finding.fingerprint, deps.scrub(rendered.markdown));
    prepared.push({ finding, draft, owner: route.owner, team: route.team ?? null });
  }
  const records = await store.listIssues();
  const tracked = tracker === undefined ? [] : await searchKnown(tracker, prepared, records);
  const ops = planSync(prepared, records, tracked, {
    declinedStatus: config.jira.statuses.declined,
    reopenWhenWorseFactor: config.jira.reopenWhenWorseFactor,
    declinedSnoozeDays: config.jira.declinedSnoozeDays,
    now,
    activeRuleIds: options.activeRuleIds,
    scannedWorkspaceIds: options.scannedWorkspaceIds,
  });
  const write = tracker !== undefined && !options.dryRun;
  const counts: SyncCounts = {
    findings: findings.length,
    created: 0,
    updated: 0,
    resolved: 0,
    unchanged: 0,
    suppressed: 0,
    failed: 0,
    estimatedUsdPerMonth: round2(findings.reduce((sum, f) => sum + f.estimate.usdPerMonth, 0)),
    excessUsdPerMonth: round2(findings.reduce((sum, f) => sum + (f.excessCost?.usdPerMonth ?? 0), 0)),
  };
  const previews: SyncPreview[] = [];
  const keyByFp = new Map<string, string>();
  const idByFp = new Map<string, string>();
  const creates = ops.filter((o): o is Extract<SyncOp, { op: 'create' }> => o.op === 'create');
  if (write && creates.length > 0) {
    const results = await tracker.createIssues(creates.map((c) => c.item.draft));
    for (const [index, result] of results.entries()) {
      const create = creates[index];
      if (create === undefined) continue;
      if (!result.ok) {
        counts.failed++;
        deps.logger.error(
          { fingerprint: result.fingerprint, error: deps.scrub(result.error) },
          'jira issue create failed',
        );
        continue;
      }
      keyByFp.set(result.fingerprint, result.key);
      idByFp.set(result.fingerprint, result.id);
      await store.upsertIssue(recordFor(create.item, result.id, result.key, 'open', now, undefined));
    }
  }
  if (write && deps.ai !== undefined) await postAnalyses(creates, keyByFp, idByFp, tracker, deps);
  for (const op of ops) {
    switch (op.op) {
      case 'create':
        if (!write || keyByFp.has(op.item.finding.fingerprint)) counts.created++;
        break;
      case 'update':
        if (write) {
          await tracker.updateIssue(op.issueId, op.item.draft);
          await store.upsertIssue(
            recordFor(op.item, op.issueId, op.issueKey, 'open', now, await existing(store, op.item)),
          );
        }
        counts.updated++;
        break;
      case 'unchanged':
        if (write) await touch(store, op.item, op.issueId, op.issueKey, 'open', now);
        counts.unchanged++;
        break;
      case 'suppressed':
        if (write) await touch(store, op.item, op.issueId, op.issueKey, 'declined', now, op.declinedAt);
        counts.suppressed++;
        break;
      case 'resolve':
        if (write) {
          const comment = scrubAdf(
            renderResolutionComment({
              scanId: options.scanId,
              scanTime: now.toISOString(),
              ruleTitle: op.record.ruleId,
            }),
            deps.scrub,
          );
          await tracker.addComment(op.record.issueId, comment);
          const moved = await tracker.transitionTo(op.record.issueId, config.jira.statuses.done);
          if (!moved) {
            deps.logger.warn(
              { issueId: op.record.issueId, status: config.jira.statuses.done },
              'no transition to the done status',
            );
          }
          await store.upsertIssue({ ...op.record, state: 'resolved', resolvedAt: now.toISOString() });
        }
        counts.resolved++;
        break;
      default: {
        const never: never = op;
        throw new Error(`unhandled sync op ${JSON.stringify(never)}`);
      }
    }
    previews.push(previewOf(op, keyByFp, markdownByFp, routes));
  }
  return { counts, ops, previews, routes };
}

/**
 * Posts the AI analysis of each newly created issue as its own comment (marked AI-written by the
 * renderer). A separate comment keeps the description deterministic, so the content hash — and
 * "unchanged means no write" — does not depend on model output. Never throws: AI failures leave filing as it was.
 */
async function postAnalyses(
  creates: ReadonlyArray<{ item: PreparedFinding }>,
  keys: Map<string, string>,
  ids: Map<string, string>,
  tracker: IssueTracker,
  deps: SyncDeps,
): Promise<void> {
  const created = creates.filter((c) => keys.has(c.item.finding.fingerprint)).map((c) => c.item.finding);
  const sections = await analyzeFindings(created, deps.ai, deps.logger);
  for (const [fingerprint, content] of sections) {
    const id = ids.get(fingerprint);
    if (id === undefined) continue;
    try {
      await tracker.addComment(id, scrubAdf({ type: 'doc', version: 1, content }, deps.scrub));
    } catch (error) {
      deps.logger.warn({ fingerprint, error: deps.scrub((error as Error).message) }, 'analysis comment failed');
    }
  }
}

async function searchKnown(
  tracker: IssueTracker,
  prepared: readonly PreparedFinding[],
  records: readonly IssueRecord[],
): Promise<TrackedIssue[]> {
  const fingerprints = new Set(prepared.map((p) => p.finding.fingerprint));
  for (const r of records) if (r.state !== 'resolved') fingerprints.add(r.fingerprint);
  if (fingerprints.size === 0) return [];
  // Read-after-write: the most recently filed issues are reconciled so a fresh create is visible.
  const recent = [...records]
    .sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt))
    .slice(0, 50)
    .map((r) => r.issueId);
  return tracker.findByFingerprints([...fingerprints], recent);
}

async function existing(store: Store, item: PreparedFinding): Promise<IssueRecord | undefined> {
  return store.getIssueByFingerprint(item.finding.fingerprint);
}

async function touch(
  store: Store,
  item: PreparedFinding,
  issueId: string,
  issueKey: string,
  state: IssueRecord['state'],
  now: Date,
  declinedAt?: string,
): Promise<void> {
  const previous = await existing(store, item);
  const record = recordFor(item, issueId, issueKey, state, now, previous);
  if (declinedAt !== undefined) record.declinedAt = previous?.declinedAt ?? declinedAt;
  if (state !== 'open') record.contentHash = previous?.contentHash ?? record.contentHash;
  await store.upsertIssue(record);
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
  };
}

function previewOf(
  op: SyncOp,
  keys: Map<string, string>,
  markdown: Map<string, string>,
  routes: Map<string, Route>,
): SyncPreview {
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
    markdown: markdown.get(fp) ?? '',
    adf: op.item.draft.description,
    routedBy: route?.routedBy ?? '',
    assignee: op.item.draft.assigneeAccountId ?? route?.assignee,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
