import type { InboxPort } from '../intake/inbox-port.ts';
import type { ApprovalTracker, ChangelogEntry, IssueTracker } from '../tracker/issue-tracker.ts';

/** The stored high-water mark of the polling intake (ISO time the last complete poll started). */
export interface PollWatermark {
  read(): Promise<string | undefined>;
  write(iso: string): Promise<void>;
}

export interface PollIntakeDeps {
  tracker: Pick<IssueTracker, 'findRecentlyUpdated' | 'listComments'>;
  jira: Pick<ApprovalTracker, 'getIssueWithChangelog'>;
  /** The same durable inbox the webhook route writes to. */
  inbox: InboxPort;
  watermark: PollWatermark;
  botAccountId: string;
  /** Target status names whose changelog entries are intake events (approved, rollback, snooze status). */
  statuses: readonly string[];
  /** True for a comment text holding a command lakewarden handles (`/lakewarden snooze`, the ask command with AI on). */
  isCommand: (text: string) => boolean;
  overlapMinutes: number;
  /** Look-back of the first poll, when no watermark is stored yet. */
  firstLookbackMinutes: number;
  now: () => Date;
}

/** What one poll did. */
export interface PollResult {
  /** Start of the searched window (ISO). */
  since: string;
  issues: number;
  recorded: number;
  duplicates: number;
}

const MINUTE_MS = 60_000;

function statusItemOf(entry: ChangelogEntry): ChangelogEntry['items'][number] | undefined {
  return entry.items.find((i) => i.field === 'status');
}

/**
 * One run of the polling intake (`approvals.intake: poll | both`; docs/approvals.md §1.4). Searches lakewarden issues
 * updated since the watermark minus `overlapMinutes` (JQL dates have minute granularity and search is eventually
 * consistent, so windows overlap), then re-reads each one: every changelog entry in the window that moved the issue
 * to one of `statuses`, and every comment in the window holding a command, not by the bot, is recorded in the inbox
 * in the shape of a webhook delivery under a stable id (`poll:changelog:<issue>:<entry>`,
 * `poll:comment:<issue>:<comment>`), so overlapping polls store it once. The worker then treats it exactly like a
 * webhook: re-fetch, authorise, and the action key makes a webhook and a poll of one approval one action.
 * The watermark moves to this poll's start only when every issue was read; a failure leaves it, and the next poll
 * covers the window again.
 * @throws Jira errors (search, changelog, comments) and store errors; nothing is lost, the next poll retries.
 */
export async function pollOnce(deps: PollIntakeDeps): Promise<PollResult> {
  const started = deps.now();
  const mark = await deps.watermark.read();
  const from = mark === undefined ? started.getTime() - deps.firstLookbackMinutes * MINUTE_MS : Date.parse(mark);
  const since = (Number.isFinite(from) ? from : started.getTime()) - deps.overlapMinutes * MINUTE_MS;
  const minutes = Math.max(1, Math.ceil((started.getTime() - since) / MINUTE_MS));
  const issues = await deps.tracker.findRecentlyUpdated(minutes);
  const statuses = new Set(deps.statuses);
  const result: PollResult = {
    since: new Date(since).toISOString(),
    issues: issues.length,
    recorded: 0,
    duplicates: 0,
  };
  const record = async (deliveryId: string, body: Record<string, unknown>) => {
    const outcome = await deps.inbox.recordDelivery({
      deliveryId,
      source: 'jira-poll',
      receivedAt: deps.now().toISOString(),
      body: JSON.stringify(body),
    });
    if (outcome === 'accepted') result.recorded++;
    else result.duplicates++;
  };
  for (const found of issues) {
    const issue = await deps.jira.getIssueWithChangelog(found.id);
    if (!issue.labels.includes('lakewarden')) continue;
    for (const entry of issue.changelog) {
      const item = statusItemOf(entry);
      if (item === undefined || item.toString === null || !statuses.has(item.toString)) continue;
      if (entry.author === null || entry.author.accountId === deps.botAccountId) continue;
      const at = Date.parse(entry.created);
      if (!(at >= since)) continue;
      await record(`poll:changelog:${issue.id}:${entry.id}`, {
        webhookEvent: 'jira:issue_updated',
        timestamp: at,
        user: { accountId: entry.author.accountId },
        issue: { id: issue.id, key: issue.key, fields: { labels: issue.labels } },
        changelog: { id: entry.id, items: [item] },
      });
    }
    for (const comment of await deps.tracker.listComments(issue.id)) {
      if (comment.authorAccountId === null || comment.authorAccountId === deps.botAccountId) continue;
      const at = Date.parse(comment.created);
      if (!(at >= since) || !deps.isCommand(comment.text)) continue;
      await record(`poll:comment:${issue.id}:${comment.id}`, {
        webhookEvent: 'comment_created',
        timestamp: at,
        user: { accountId: comment.authorAccountId },
        issue: { id: issue.id, key: issue.key, fields: { labels: issue.labels } },
        comment: {
          id: comment.id,
          author: {
            accountId: comment.authorAccountId,
            ...(comment.authorDisplayName === null ? {} : { displayName: comment.authorDisplayName }),
          },
          body: comment.text,
        },
      });
    }
  }
  await deps.watermark.write(started.toISOString());
  return result;
}
