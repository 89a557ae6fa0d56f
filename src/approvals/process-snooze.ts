import type { ApprovalsSection } from '../config/approvals-section.ts';
import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfParagraph } from '../document/adf-builders.ts';
import { type IssueProperty, parseIssueProperty } from '../findings/issue-property.ts';
import { parseSnoozeCommand, snoozeUsage } from '../intake/parse-snooze-command.ts';
import type { WebhookHint } from '../intake/parse-webhook.ts';
import type { SnoozeRecord } from '../records/store.ts';
import type { OutboxPort } from '../remediation/ports.ts';
import type { ApprovalTracker, FetchedIssue, GroupLookup } from '../tracker/issue-tracker.ts';
import { type ApprovalPolicy, decideApproval, latestApproval, requiredGroups } from './decide-approval.ts';
import type { ProcessOutcome } from './process-approval.ts';

export interface ProcessSnoozeDeps {
  jira: Pick<ApprovalTracker, 'getIssueWithChangelog' | 'getUserGroups'>;
  outbox: OutboxPort;
  /** Store.upsertSnooze: the same source twice is a `duplicate`. */
  recordSnooze: (record: SnoozeRecord) => Promise<'recorded' | 'duplicate'>;
  botAccountId: string;
  /** The approval policy: who may snooze is who may approve (assignee or approver groups). */
  policy: ApprovalPolicy;
  snooze: ApprovalsSection['snooze'];
  now: () => Date;
}

type Outcome = Extract<ProcessOutcome, { kind: 'snoozed' | 'ignored' }>;

const DAY_MS = 86_400_000;

function day(iso: string): string {
  return iso.slice(0, 10);
}

function snoozedComment(record: SnoozeRecord, days: number): AdfDoc {
  const who = record.byName ?? record.byAccountId;
  return adfDoc([
    adfParagraph([{ text: `Snoozed until ${day(record.until)} (${days} days) by ${who}.`, style: 'strong' }]),
    ...(record.reason === null ? [] : [adfParagraph([{ text: 'Reason: ' }, { text: record.reason }])]),
    adfParagraph([
      {
        text: `Until ${record.until} lakewarden will not update, resolve, reopen or file this finding again; after that date the next scan treats it as usual.`,
      },
    ]),
  ]);
}

function rejectedComment(message: string): AdfDoc {
  return adfDoc([
    adfParagraph([{ text: 'lakewarden did not snooze this issue.', style: 'strong' }]),
    adfParagraph([{ text: message }]),
  ]);
}

async function lookupGroups(deps: ProcessSnoozeDeps, accountId: string): Promise<string[]> {
  // A failed lookup throws: the delivery is deferred and retried (fail closed, like an approval).
  return deps.jira.getUserGroups(accountId);
}

/** Assignee (when `assigneeMayApprove`) or a member, by groupId, of the approver groups of the rule/strategy. */
async function mayAct(
  deps: ProcessSnoozeDeps,
  issue: FetchedIssue,
  property: IssueProperty,
  accountId: string,
): Promise<boolean> {
  if (accountId === deps.botAccountId) return false;
  if (deps.policy.assigneeMayApprove && issue.assignee?.accountId === accountId) return true;
  const required = requiredGroups(deps.policy, property);
  if (required.length === 0) return false;
  const groups = await lookupGroups(deps, accountId);
  return groups.some((g) => required.includes(g));
}

async function record(
  deps: ProcessSnoozeDeps,
  issue: FetchedIssue,
  snooze: Omit<SnoozeRecord, 'fingerprint' | 'issueId' | 'issueKey' | 'createdAt'>,
  property: IssueProperty,
  days: number,
): Promise<Outcome> {
  const full: SnoozeRecord = {
    ...snooze,
    fingerprint: property.fingerprint,
    issueId: issue.id,
    issueKey: issue.key,
    createdAt: deps.now().toISOString(),
  };
  const outcome = await deps.recordSnooze(full);
  // Enqueued even for a duplicate: a crash between the store write and the enqueue must still get the comment
  // out; the outbox dedupe key makes a second enqueue a no-op.
  await deps.outbox.enqueue({
    actionId: `snooze:${issue.id}`,
    issueId: issue.id,
    kind: 'comment',
    payload: { body: snoozedComment(full, days) },
    dedupeKey: `snooze:${snooze.source}`,
  });
  return { kind: 'snoozed', reason: outcome };
}

async function reject(deps: ProcessSnoozeDeps, issueId: string, source: string, message: string): Promise<void> {
  await deps.outbox.enqueue({
    actionId: `snooze:${issueId}`,
    issueId,
    kind: 'comment',
    payload: { body: rejectedComment(message) },
    dedupeKey: `snooze-rejected:${source}`,
  });
}

/**
 * A `/lakewarden snooze <N>d [reason]` comment (docs/approvals.md §12). The comment is a hint and untrusted: the
 * bot's own comments are ignored; the issue is re-fetched and must be a lakewarden finding (label and property);
 * the command is parsed strictly (parse-snooze-command.ts); the author must be allowed to approve the plan (the
 * assignee, or a member by groupId of the approver groups of its rule/strategy). Then the snooze is stored (until
 * now + N days, source `comment:<id>`) and a bot comment states until when and by whom. An invalid command or an
 * unauthorised author gets a comment saying why, and nothing is stored. Both comments go through the outbox
 * (deduplicated per source comment), so a webhook and a poll of one comment give one snooze and one reply.
 * @throws Jira errors of the re-fetch or the group lookup (the delivery is retried).
 */
export async function processSnoozeComment(deps: ProcessSnoozeDeps, hint: WebhookHint): Promise<ProcessOutcome> {
  const comment = hint.comment;
  if (comment === undefined) return { kind: 'ignored', reason: 'not a comment' };
  const author = comment.authorAccountId;
  if (author === null || author === deps.botAccountId) return { kind: 'ignored', reason: 'bot or anonymous comment' };
  const issue = await deps.jira.getIssueWithChangelog(hint.issueId);
  const property = issue.labels.includes('lakewarden') ? parseIssueProperty(issue.property) : undefined;
  if (property === undefined) return { kind: 'ignored', reason: 'not a lakewarden finding' };
  const source = `comment:${comment.id}`;
  const command = parseSnoozeCommand(comment.text, deps.snooze.maxDays);
  if (command.kind === 'none') return { kind: 'ignored', reason: 'no snooze command' };
  const name =
    issue.assignee?.accountId === author
      ? (issue.assignee.displayName ?? author)
      : (comment.authorDisplayName ?? author);
  if (!(await mayAct(deps, issue, property, author))) {
    await reject(
      deps,
      issue.id,
      source,
      `${name} may not snooze ${issue.key}: only its assignee or a member of an approver group can.`,
    );
    return { kind: 'snoozed', reason: 'unauthorized' };
  }
  if (command.kind === 'invalid') {
    await reject(
      deps,
      issue.id,
      source,
      `The command was not understood: ${command.error}. ${snoozeUsage(deps.snooze.maxDays)}`,
    );
    return { kind: 'snoozed', reason: 'invalid' };
  }
  const until = new Date(deps.now().getTime() + command.days * DAY_MS).toISOString();
  return record(
    deps,
    issue,
    { until, byAccountId: author, byName: name, reason: command.reason, source },
    property,
    command.days,
  );
}

/**
 * A move to the snooze status (`approvals.snooze.status`): authorised exactly like an approval (decide-approval.ts
 * with the snooze status in place of Approved: latest status change, age, never the bot, not the reporter unless
 * assignee, assignee or approver group). Snoozes for `approvals.snooze.statusDays` from the move, keyed by the
 * changelog id. A refusal is commented through the outbox; a superseded delivery is ignored.
 * @throws Jira errors of the re-fetch (the delivery is retried); a failed group lookup is a retryable refusal.
 */
export async function processSnoozeStatus(
  deps: ProcessSnoozeDeps,
  hint: WebhookHint,
  status: string,
): Promise<ProcessOutcome> {
  const issue = await deps.jira.getIssueWithChangelog(hint.issueId);
  const entry = latestApproval(issue, status);
  const mover = entry?.author ?? null;
  let groups: GroupLookup | undefined;
  if (mover !== null && mover.accountId !== issue.assignee?.accountId) {
    try {
      groups = { ok: true, groupIds: await deps.jira.getUserGroups(mover.accountId) };
    } catch (error) {
      groups = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  const policy = { ...deps.policy, approvedStatus: status };
  const decision = decideApproval({ issue, hint, botAccountId: deps.botAccountId, policy, groups, now: deps.now() });
  switch (decision.kind) {
    case 'ignore':
      return { kind: 'ignored', reason: decision.reason };
    case 'refuse':
      if (decision.notify) await reject(deps, issue.id, `changelog:${entry?.id ?? 'none'}`, decision.message);
      return { kind: 'refused', reason: decision.reason, message: decision.message, retryable: decision.retryable };
    case 'act': {
      const days = deps.snooze.statusDays;
      const until = new Date(Date.parse(decision.approvedAt) + days * DAY_MS).toISOString();
      return record(
        deps,
        issue,
        {
          until,
          byAccountId: decision.approver.accountId,
          byName: decision.approver.displayName,
          reason: `moved to "${status}"`,
          source: `changelog:${decision.changelogId}`,
        },
        decision.property,
        days,
      );
    }
    default: {
      const unreachable: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
    }
  }
}
