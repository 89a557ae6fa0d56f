import { type IssueProperty, parseIssueProperty } from '../findings/issue-property.ts';
import type { WebhookHint } from '../intake/parse-webhook.ts';
import type { ChangelogEntry, FetchedIssue, GroupLookup, JiraUserRef } from '../tracker/issue-tracker.ts';
import { actionKey } from './action-key.ts';

/** Who may approve and until when (from `remediation.approval` and `jira.statuses.approved`). */
export interface ApprovalPolicy {
  approvedStatus: string;
  /** Maximum age of the approving changelog entry, ms. */
  maxAgeMs: number;
  assigneeMayApprove: boolean;
  approverGroupIds: readonly string[];
  approverGroupIdsByStrategy: Readonly<Record<string, readonly string[]>>;
  approverGroupIdsByRule: Readonly<Record<string, readonly string[]>>;
}

export type RefuseReason =
  | 'not_ours'
  | 'not_approved'
  | 'no_approval_entry'
  | 'not_latest'
  | 'actor_mismatch'
  | 'stale'
  | 'bot_actor'
  | 'self_approval'
  | 'unauthorized'
  | 'group_lookup_failed';

export type ApprovalDecision =
  | {
      kind: 'act';
      approver: JiraUserRef;
      /** `created` of the approving changelog entry (ISO). */
      approvedAt: string;
      changelogId: string;
      property: IssueProperty;
      actionKey: string;
      /** How the approver was authorised. */
      authorisedAs: 'assignee' | 'group';
    }
  | {
      kind: 'refuse';
      reason: RefuseReason;
      /** Plain words for the Jira comment and the log. */
      message: string;
      /** Post a comment on the issue (false for foreign issues and superseded deliveries). */
      notify: boolean;
      /** Try again later (the cause is transient, e.g. the group lookup failed). */
      retryable: boolean;
    }
  | { kind: 'ignore'; reason: 'bot_echo' | 'no_status_change' };

export interface DecideApprovalInput {
  /** The issue re-fetched from Jira with its full changelog: the only source of truth. */
  issue: FetchedIssue;
  /** The delivery that triggered the check (a hint), or null for a scheduled re-check. */
  hint: Pick<WebhookHint, 'actor' | 'statusChange' | 'transitionClaimed' | 'changelogId'> | null;
  botAccountId: string;
  policy: ApprovalPolicy;
  /** Groups of the approver; undefined when not looked up. Only consulted when the approver is not the assignee. */
  groups: GroupLookup | undefined;
  now: Date;
}

function statusItem(entry: ChangelogEntry): ChangelogEntry['items'][number] | undefined {
  return entry.items.find((i) => i.field === 'status');
}

/** Changelog entries that change the status, oldest first (by `created`, then numeric id). */
function statusChanges(changelog: readonly ChangelogEntry[]): ChangelogEntry[] {
  return changelog
    .filter((e) => statusItem(e) !== undefined)
    .sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || Number(a.id) - Number(b.id));
}

/**
 * The most recent status change of the issue if it moved the issue into `approvedStatus`, else undefined.
 * Its author is the approver; callers use it to look up the approver's groups before {@link decideApproval}.
 */
export function latestApproval(issue: FetchedIssue, approvedStatus: string): ChangelogEntry | undefined {
  const latest = statusChanges(issue.changelog).at(-1);
  if (latest === undefined) return undefined;
  return statusItem(latest)?.toString === approvedStatus ? latest : undefined;
}

/**
 * True when the changelog shows `accountId` assigning the issue to themselves (an `assignee` change whose
 * author and new value are that account). Such a user is not authorised as "the assignee"; they need an
 * approver group (section 7 of {@link decideApproval}).
 */
export function assignedThemselves(issue: FetchedIssue, accountId: string): boolean {
  return issue.changelog.some(
    (entry) =>
      entry.author?.accountId === accountId &&
      entry.items.some((item) => item.field === 'assignee' && item.to === accountId),
  );
}

function refuse(reason: RefuseReason, message: string, notify = true, retryable = false): ApprovalDecision {
  return { kind: 'refuse', reason, message, notify, retryable };
}

/** The approver groups that apply to this plan: by rule, else by strategy, else the default list. */
export function requiredGroups(
  policy: ApprovalPolicy,
  property: { ruleId: string; plan: { strategy: string } },
): readonly string[] {
  return (
    policy.approverGroupIdsByRule[property.ruleId] ??
    policy.approverGroupIdsByStrategy[property.plan.strategy] ??
    policy.approverGroupIds
  );
}

/**
 * Decides whether an "→ Approved" transition authorises lakewarden to act (pure; https://developer.atlassian.com/cloud/jira/platform/webhooks/,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get). The payload is a hint only: status, approver and approval time come from the
 * re-fetched issue and changelog. In order:
 * 1. ignore the bot's own transitions (echo) and deliveries with no status change;
 * 2. refuse issues that are not lakewarden's (label `lakewarden` + a valid `lakewarden` property);
 * 3. the issue must be in the Approved status now, and the latest status change must be the move into it;
 *    a delivery naming an older changelog entry or another actor is superseded (no comment);
 * 4. the approving entry must be younger than `maxAgeMs` (signatures carry no time: replay defence);
 * 5. the approver is never the bot;
 * 6. segregation of duties: the reporter never approves, **even as the assignee**. lakewarden issues are
 *    reported by the bot, so a human reporter created the issue; creating it, assigning it to oneself and
 *    approving it is exactly the self-approval this rule exists for (Atlantis "approved by someone other
 *    than the author");
 * 7. authorised = the assignee (when `assigneeMayApprove`; not someone who assigned the issue to
 *    themselves, see {@link assignedThemselves}) or a member, by groupId, of the approver groups of the
 *    rule/strategy; a failed group lookup refuses (fail closed) and is retryable. For plans that restart or
 *    delete compute, process-approval.ts adds the Databricks permission check (check-approver-permission.ts).
 */
export function decideApproval(input: DecideApprovalInput): ApprovalDecision {
  const { issue, hint, policy, botAccountId } = input;
  if (hint !== null && hint.actor.accountId === botAccountId) return { kind: 'ignore', reason: 'bot_echo' };
  if (hint !== null && hint.statusChange === null && !hint.transitionClaimed) {
    return { kind: 'ignore', reason: 'no_status_change' };
  }
  const property = issue.labels.includes('lakewarden') ? parseIssueProperty(issue.property) : undefined;
  if (property === undefined) {
    return refuse('not_ours', `Issue ${issue.key} is not a lakewarden finding; nothing to do.`, false);
  }
  if (issue.status.name !== policy.approvedStatus) {
    return refuse(
      'not_approved',
      `${issue.key} is in "${issue.status.name}", not "${policy.approvedStatus}", so no change is made.`,
      false,
    );
  }
  const changes = statusChanges(issue.changelog);
  const latest = changes.at(-1);
  if (latest === undefined) {
    return refuse(
      'no_approval_entry',
      `No status change into "${policy.approvedStatus}" was found in the history of ${issue.key}.`,
    );
  }
  if (statusItem(latest)?.toString !== policy.approvedStatus) {
    return refuse(
      'not_latest',
      `The most recent status change of ${issue.key} is not the move to "${policy.approvedStatus}"; move it to "${policy.approvedStatus}" again to approve.`,
    );
  }
  if (hint !== null && hint.changelogId !== null && hint.changelogId !== latest.id) {
    return refuse('not_latest', `Delivery for changelog ${hint.changelogId} is superseded by ${latest.id}.`, false);
  }
  const approver = latest.author;
  if (approver === null) {
    return refuse('unauthorized', `The approval of ${issue.key} has no identifiable author, so no change is made.`);
  }
  if (hint !== null && hint.actor.accountId !== null && hint.actor.accountId !== approver.accountId) {
    return refuse('actor_mismatch', `Delivery actor differs from the changelog author ${approver.accountId}.`, false);
  }
  const ageMs = input.now.getTime() - Date.parse(latest.created);
  if (!Number.isFinite(ageMs) || ageMs > policy.maxAgeMs) {
    const hours = Math.round(policy.maxAgeMs / 3_600_000);
    return refuse(
      'stale',
      `The approval of ${issue.key} (${latest.created}) is older than ${hours} h, so no change is made. Move the issue out of "${policy.approvedStatus}" and back to approve again.`,
    );
  }
  if (approver.accountId === botAccountId) {
    return refuse(
      'bot_actor',
      `lakewarden itself moved ${issue.key} to "${policy.approvedStatus}"; a person must approve.`,
    );
  }
  // A self-assignment does not make an approver: only an assignment by someone else (lakewarden's routing) does.
  const isAssignee =
    issue.assignee !== null &&
    issue.assignee.accountId === approver.accountId &&
    !assignedThemselves(issue, approver.accountId);
  const isReporter = issue.reporter !== null && issue.reporter.accountId === approver.accountId;
  const who = approver.displayName ?? approver.accountId;
  if (isReporter) {
    return refuse(
      'self_approval',
      `${who} reported ${issue.key} and cannot also approve it, even as its assignee; the resource owner or an approver must.`,
    );
  }
  const approved = { kind: 'act' as const, approver, approvedAt: latest.created, changelogId: latest.id, property };
  const key = actionKey({
    fingerprint: property.fingerprint,
    strategy: property.plan.strategy,
    changes: property.plan.changes,
    changelogId: latest.id,
  });
  if (isAssignee && policy.assigneeMayApprove) return { ...approved, actionKey: key, authorisedAs: 'assignee' };
  const required = requiredGroups(policy, property);
  if (required.length === 0) {
    return refuse('unauthorized', `${who} is not the assignee of ${issue.key} and no approver group is configured.`);
  }
  if (input.groups === undefined || !input.groups.ok) {
    return refuse(
      'group_lookup_failed',
      `The group membership of ${who} could not be checked, so no change is made yet; lakewarden will retry.`,
      false,
      true,
    );
  }
  const member = input.groups.groupIds.some((g) => required.includes(g));
  if (!member) {
    return refuse('unauthorized', `${who} is neither the assignee of ${issue.key} nor in an approver group.`);
  }
  return { ...approved, actionKey: key, authorisedAs: 'group' };
}
