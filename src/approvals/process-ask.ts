import type { AdfDoc } from '../document/adf.ts';
import type { AskAnswerer } from '../findings/ai-port.ts';
import { askContextFromStore } from '../findings/ask-context-from-store.ts';
import type { WebhookHint } from '../intake/parse-webhook.ts';
import type { AiLogger } from '../logging/ai-logger.ts';
import type { IssueRecord } from '../records/store.ts';
import type { ApprovalTracker, CommentReader, FetchedIssue, IssueTracker } from '../tracker/issue-tracker.ts';
import { commentMarker, withMarker } from './outbox-relay.ts';
import type { ProcessOutcome } from './process-approval.ts';

export interface ProcessAskDeps {
  /**
   * Answers one comment (src/ai/handle-ask-comment.ts `createAskAnswerer`); with `ai.enabled` false the asker gets
   * one "AI is off" reply and no model call is made.
   */
  answer: AskAnswerer;
  /** `ai.askCommand`, honoured whether AI is on or off. */
  askCommand: string;
  jira: Pick<ApprovalTracker, 'getIssueWithChangelog' | 'getUserGroups'> & Pick<CommentReader, 'hasCommentWith'>;
  tracker: Pick<IssueTracker, 'addComment'>;
  /** The store's fingerprint ↔ issue row, when lakewarden filed the issue. */
  getIssueRecord: (issueId: string) => Promise<IssueRecord | undefined>;
  botAccountId: string;
  /** Members of these Jira groups (by groupId) may ask on any lakewarden issue (serve: every approver group). */
  viewerGroupIds: readonly string[];
  nowMs: () => number;
  logger: AiLogger;
}

/**
 * The visibility rule of `/lakewarden ask` (the answer repeats figures of the issue, so only people entitled
 * to the issue may get one). Jira Cloud offers no browse-permission check for another user to an API-token
 * bot (`mypermissions` is the caller's own; `user/permission/search` needs Administer Jira), so: the commenter
 * may ask when they are the issue's assignee or reporter (re-fetched, not from the payload), or a member of
 * one of `viewerGroupIds` by groupId. A failed group lookup throws (the delivery is retried).
 */
export async function mayViewIssue(
  jira: Pick<ApprovalTracker, 'getUserGroups'>,
  issue: Pick<FetchedIssue, 'assignee' | 'reporter'>,
  accountId: string,
  viewerGroupIds: readonly string[],
): Promise<boolean> {
  if (accountId === issue.assignee?.accountId || accountId === issue.reporter?.accountId) return true;
  if (viewerGroupIds.length === 0) return false;
  const groups = await jira.getUserGroups(accountId);
  return groups.some((g) => viewerGroupIds.includes(g));
}

/** UTC calendar day of an epoch-ms instant, `YYYY-MM-DD` (the unit of the "unavailable" reply rate limit). */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The inbox worker's handling of a `comment_created` delivery: the bot's own comments are ignored (no reply
 * loops); otherwise the issue is re-fetched and must carry the `lakewarden` label, then handleAskComment checks
 * the command and the commenter ({@link mayViewIssue}), loads the context (ask-context-from-store.ts) and posts
 * the answer. The answer carries the marker `lakewarden-ref:ask:<commentId>`; a comment already answered (a
 * retry after a lost response, a second webhook) is not asked again. With AI off, or when no answer can be
 * given (budget, deadline, model down, unverified), the asker gets one short reply saying why, marked
 * `lakewarden-ref:ask-unavailable:<UTC day>` — at most one such reply per issue per UTC day. Jira errors
 * propagate so the inbox retries.
 */
export async function processAsk(deps: ProcessAskDeps, hint: WebhookHint): Promise<ProcessOutcome> {
  const comment = hint.comment;
  if (comment === undefined) return { kind: 'ignored', reason: 'not a comment' };
  const author = comment.authorAccountId;
  if (author === null || author === deps.botAccountId) return { kind: 'asked', reason: 'ignored' };
  const issue = await deps.jira.getIssueWithChangelog(hint.issueId);
  if (!issue.labels.includes('lakewarden')) return { kind: 'asked', reason: 'not-ours' };
  const marker = commentMarker(`ask:${comment.id}`);
  if (await deps.jira.hasCommentWith(issue.id, marker)) return { kind: 'asked', reason: 'already-answered' };
  const unavailableMarker = commentMarker(`ask-unavailable:${utcDay(deps.nowMs())}`);
  const outcome = await deps.answer(
    { issueId: issue.id, issueKey: issue.key, authorAccountId: author, body: comment.text },
    {
      askCommand: deps.askCommand,
      reply: (issueId, body) => deps.tracker.addComment(issueId, withMarker(body, marker) as AdfDoc),
      mayTellUnavailable: async (issueId) => !(await deps.jira.hasCommentWith(issueId, unavailableMarker)),
      replyUnavailable: (issueId, body) =>
        deps.tracker.addComment(issueId, withMarker(body, unavailableMarker) as AdfDoc),
      botAccountId: deps.botAccountId,
      canViewIssue: (accountId) => mayViewIssue(deps.jira, issue, accountId, deps.viewerGroupIds),
      loadContext: async (issueId) => {
        const loaded = askContextFromStore({ property: issue.property, record: await deps.getIssueRecord(issueId) });
        if (!loaded.ok) {
          deps.logger.warn({ issueKey: issue.key, reason: loaded.reason }, 'ask: no finding for the issue');
          return undefined;
        }
        return loaded.context;
      },
      nowMs: deps.nowMs,
      logger: deps.logger,
    },
  );
  return { kind: 'asked', reason: outcome };
}
