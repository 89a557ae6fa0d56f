import type { Finding } from '../findings/finding.ts';
import type { IssueRecord } from '../records/store.ts';
import type { IssueDraft, TrackedIssue } from '../tracker/issue-tracker.ts';

/** A finding ready to sync: the finding, its draft, and who owns it. */
export interface PreparedFinding {
  finding: Finding;
  draft: IssueDraft;
  owner: string | null;
  team: string | null;
}

export type SyncOp =
  | { op: 'create'; item: PreparedFinding; reason: 'new' | 'reappeared' | 'worse-than-declined' | 'snooze-expired' }
  | { op: 'update'; item: PreparedFinding; issueId: string; issueKey: string }
  | { op: 'reopen'; item: PreparedFinding; issueId: string; issueKey: string }
  | { op: 'unchanged'; item: PreparedFinding; issueId: string; issueKey: string }
  | { op: 'suppressed'; item: PreparedFinding; issueId: string; issueKey: string; reason: string; declinedAt: string }
  | { op: 'resolve'; record: IssueRecord; issueKey: string }
  /** An owner snoozed the issue: no create, update, resolve or reopen until `until`. */
  | { op: 'snoozed'; item: PreparedFinding; issueId: string; issueKey: string; until: string; by: string };

/** An active per-issue snooze as the scan sees it (store table `snoozes`). */
export interface ActiveSnooze {
  /** ISO-8601 end of the snooze. */
  until: string;
  /** Display name or accountId of who snoozed it. */
  by: string;
}

export interface SyncPolicy {
  declinedStatus: string;
  reopenWhenWorseFactor: number;
  declinedSnoozeDays: number;
  now: Date;
  /** Rules evaluated in this scan; a disappeared finding of another rule is not resolved. */
  activeRuleIds: ReadonlySet<string>;
  /** Workspaces present in the snapshot; a finding of a workspace that was not scanned is not resolved. */
  scannedWorkspaceIds: ReadonlySet<string>;
  /** Snoozes by fingerprint; one whose `until` is after `now` keeps its issue untouched. */
  snoozes?: ReadonlyMap<string, ActiveSnooze>;
}

/**
 * Decides, without I/O, what to do for each finding and each known issue (renovate's ensureIssue
 * semantics, keyed by fingerprint): create, update in place only when the content hash changed, leave
 * unchanged, keep suppressed (a person declined or closed it), reopen an issue lakewarden resolved whose
 * finding came back, or resolve an open issue whose finding disappeared; an issue an owner snoozed
 * (`policy.snoozes`) is left alone until the snooze ends. Jira's view (`tracked`) wins over the store's for status; the store fills in when the
 * search has not caught up (eventual consistency) or Jira is not reachable (dry run).
 */
export function planSync(
  items: readonly PreparedFinding[],
  records: readonly IssueRecord[],
  tracked: readonly TrackedIssue[],
  policy: SyncPolicy,
): SyncOp[] {
  const planner = createSyncPlanner(records, tracked, policy);
  return [...planner.plan(items), ...planner.resolves()];
}

/** {@link planSync} in steps: `plan` the findings as they come (any number of calls), then `resolves` once. */
export interface SyncPlanner {
  /** The op of each finding, in the order given (the first loop of planSync). */
  plan(items: readonly PreparedFinding[]): SyncOp[];
  /** The resolves of the open issues whose finding was in no `plan` call, in the order of the records. */
  resolves(): SyncOp[];
}

/**
 * Starts a {@link planSync} whose findings come in parts (a streamed scan plans them chunk by chunk, then drops
 * them): the issue map and Jira's view are indexed once; what is kept between calls is the set of fingerprints
 * planned. Calling `plan` on every part in order and then `resolves` gives the ops of planSync on all the findings.
 */
export function createSyncPlanner(
  records: readonly IssueRecord[],
  tracked: readonly TrackedIssue[],
  policy: SyncPolicy,
): SyncPlanner {
  const recordByFp = new Map(records.map((r) => [r.fingerprint, r]));
  const trackedByFp = new Map<string, TrackedIssue>();
  for (const t of tracked) {
    if (t.fingerprint === undefined) continue;
    const previous = trackedByFp.get(t.fingerprint);
    // Several issues for one fingerprint (e.g. re-filed after a decline): the open one wins, else the newest id.
    if (
      previous === undefined ||
      rank(t) > rank(previous) ||
      (rank(t) === rank(previous) && Number(t.id) > Number(previous.id))
    ) {
      trackedByFp.set(t.fingerprint, t);
    }
  }
  const seen = new Set<string>();
  return {
    plan(items) {
      const ops: SyncOp[] = [];
      for (const item of items) {
        const fp = item.finding.fingerprint;
        seen.add(fp);
        ops.push(planOne(item, recordByFp.get(fp), trackedByFp.get(fp), policy));
      }
      return ops;
    },
    resolves() {
      const ops: SyncOp[] = [];
      for (const record of records) {
        if (seen.has(record.fingerprint) || record.state !== 'open') continue;
        if (activeSnooze(policy, record.fingerprint) !== undefined) continue;
        if (!policy.activeRuleIds.has(record.ruleId) || !policy.scannedWorkspaceIds.has(record.workspaceId)) continue;
        const issue = trackedByFp.get(record.fingerprint);
        if (issue !== undefined && issue.statusCategory === 'done') continue;
        ops.push({ op: 'resolve', record, issueKey: issue?.key ?? record.issueKey });
      }
      return ops;
    },
  };
}

function planOne(
  item: PreparedFinding,
  record: IssueRecord | undefined,
  issue: TrackedIssue | undefined,
  policy: SyncPolicy,
): SyncOp {
  const fp = item.finding.fingerprint;
  const issueId = issue?.id ?? record?.issueId;
  const issueKey = issue?.key ?? record?.issueKey ?? '';
  if (issueId === undefined) return { op: 'create', item, reason: 'new' };
  const snooze = activeSnooze(policy, fp);
  if (snooze !== undefined) return { op: 'snoozed', item, issueId, issueKey, until: snooze.until, by: snooze.by };
  const state = stateOf(issue, record, policy);
  if (state === 'open') {
    const hash = issue?.contentHash ?? record?.contentHash;
    return hash === item.draft.contentHash
      ? { op: 'unchanged', item, issueId, issueKey }
      : { op: 'update', item, issueId, issueKey };
  }
  if (state === 'resolved') {
    // lakewarden resolved it and the problem is back: reopen the same issue; file anew only when Jira no
    // longer shows that issue at all (deleted, moved out of the searched projects).
    return issue === undefined
      ? { op: 'create', item, reason: 'reappeared' }
      : { op: 'reopen', item, issueId: issue.id, issueKey: issue.key };
  }
  const declinedAt = record?.declinedAt ?? issue?.updated ?? policy.now.toISOString();
  const previousEstimate = issue?.estimatedSavingsUsd ?? record?.estimatedSavingsUsd ?? 0;
  const estimate = item.finding.estimate.usdPerMonth;
  if (previousEstimate > 0 && estimate >= previousEstimate * policy.reopenWhenWorseFactor) {
    return { op: 'create', item, reason: 'worse-than-declined' };
  }
  const snoozeMs = policy.declinedSnoozeDays * 86_400_000;
  if (policy.declinedSnoozeDays > 0 && policy.now.getTime() - Date.parse(declinedAt) >= snoozeMs) {
    return { op: 'create', item, reason: 'snooze-expired' };
  }
  return {
    op: 'suppressed',
    item,
    issueId,
    issueKey,
    reason: `declined (${issue?.status ?? policy.declinedStatus})`,
    declinedAt,
  };
}

function activeSnooze(policy: SyncPolicy, fingerprint: string): ActiveSnooze | undefined {
  const snooze = policy.snoozes?.get(fingerprint);
  return snooze !== undefined && Date.parse(snooze.until) > policy.now.getTime() ? snooze : undefined;
}

function rank(issue: TrackedIssue): number {
  return issue.statusCategory === 'done' ? 0 : 1;
}

function stateOf(
  issue: TrackedIssue | undefined,
  record: IssueRecord | undefined,
  policy: SyncPolicy,
): 'open' | 'resolved' | 'declined' {
  if (issue !== undefined) {
    if (issue.statusCategory !== 'done') return 'open';
    if (issue.status.toLowerCase() === policy.declinedStatus.toLowerCase()) return 'declined';
    // Closed by lakewarden (store says resolved) → the problem came back; closed by a person → respect it.
    return record?.state === 'resolved' ? 'resolved' : 'declined';
  }
  return record?.state ?? 'open';
}
