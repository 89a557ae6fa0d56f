import { z } from 'zod';
import { adfToText } from '../document/adf-to-text.ts';
import { hasSnoozeCommand } from './parse-snooze-command.ts';

const Id = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
const NullableText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === undefined || v === null ? null : String(v)));

const Actor = z.object({
  accountId: z.string().optional(),
  displayName: z.string().optional(),
  name: z.string().optional(),
  key: z.string().optional(),
});

const ChangelogItem = z.object({
  field: z.string(),
  from: NullableText,
  fromString: NullableText,
  to: NullableText,
  toString: NullableText,
});

const Issue = z.object({
  id: Id,
  key: z.string().optional(),
  fields: z
    .object({
      status: z.object({ id: Id.optional(), name: z.string().optional() }).optional(),
      labels: z.array(z.string()).nullish(),
    })
    .optional(),
});

/** The `comment` of a `comment_created` delivery: wiki-markup string (webhooks) or ADF (REST v3). */
const Comment = z.object({
  id: Id,
  author: Actor.nullish(),
  body: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});

/** A native `jira:issue_*` delivery (Cloud or Data Center) — only the fields lakewarden uses. */
const JiraEnvelope = z.object({
  webhookEvent: z.string().optional(),
  timestamp: z.number().optional(),
  user: Actor.optional(),
  issue: Issue,
  changelog: z.object({ id: Id.optional(), items: z.array(ChangelogItem).nullish() }).nullish(),
  comment: Comment.nullish(),
});

/** Automation "Send web request" custom data (https://support.atlassian.com/cloud-automation/docs/issue-data-jira-format-payload-for-send-web-request-action/). `changelogId` is optional. */
const AutomationCustom = z.object({
  issueId: Id,
  key: z.string().optional(),
  actor: z.string().optional(),
  changelogId: Id.optional(),
});

/** Automation "Issue data (Automation format)": the issue object at the root. */
const AutomationIssue = Issue.extend({
  changelog: z.object({ id: Id.optional(), items: z.array(ChangelogItem).nullish() }).nullish(),
});

/** A status change taken from a delivery's changelog items. */
export interface StatusChange {
  from: string | null;
  fromName: string | null;
  to: string | null;
  toName: string | null;
}

/**
 * What a delivery tells us — a hint only: the approval worker re-fetches the issue and its changelog
 * before deciding anything (https://developer.atlassian.com/cloud/jira/platform/webhooks/).
 */
export interface WebhookHint {
  source: 'jira-webhook' | 'jira-automation' | 'jira-poll';
  issueId: string;
  issueKey: string | null;
  /** Cloud: accountId; Data Center: name/key (no accountId). */
  actor: { accountId: string | null; name: string | null; key: string | null };
  changelogId: string | null;
  /** The status item of the changelog, if any (`field === 'status'`; never `issue_event_type_name`). */
  statusChange: StatusChange | null;
  /** Custom data carries no changelog: true when the sender vouches a transition happened. */
  transitionClaimed: boolean;
  /** The new comment of a native `comment_created` delivery (a `/lakewarden ask` candidate); absent otherwise. */
  comment?: WebhookComment;
  /** The issue's labels of a comment delivery, when the payload carries them (a hint: the ask worker re-fetches). */
  labels?: string[];
}

/** A comment as delivered: id, author (Cloud accountId) and body as plain text. */
export interface WebhookComment {
  id: string;
  authorAccountId: string | null;
  /** The author's display name as Jira delivered it (for display only). */
  authorDisplayName?: string | null;
  /** Plain text (wiki markup as sent, or the text of an ADF body). */
  text: string;
}

export type ParseWebhookResult = { ok: true; hint: WebhookHint } | { ok: false; error: string };

function statusChangeOf(items: ReadonlyArray<z.infer<typeof ChangelogItem>> | null | undefined): StatusChange | null {
  const item = (items ?? []).find((i) => i.field === 'status');
  if (item === undefined) return null;
  return { from: item.from, fromName: item.fromString, to: item.to, toName: item.toString };
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Parses a verified delivery body (already `JSON.parse`d).
 * - `jira-webhook` and `jira-poll` (built by poll-intake.ts in the same shape): the native envelope (`issue` required; Cloud `user.accountId` or DC `user.name`/`user.key`).
 * - `jira-automation`: custom data `{issueId, key, actor, changelogId?}`, or issue data in Automation format
 *   (issue at the root) or Jira format (`{issue: {...}}`).
 * Unknown fields are ignored; a missing `issue.id` is an error (→ 400).
 */
export function parseWebhook(body: unknown, source: WebhookHint['source']): ParseWebhookResult {
  if (source === 'jira-webhook' || (typeof body === 'object' && body !== null && 'issue' in body)) {
    const parsed = JiraEnvelope.safeParse(body);
    if (!parsed.success) return { ok: false, error: describe(parsed.error) };
    const { user, issue, changelog, comment, webhookEvent } = parsed.data;
    const labels = issue.fields?.labels;
    return {
      ok: true,
      hint: {
        source,
        issueId: issue.id,
        issueKey: issue.key ?? null,
        actor: { accountId: user?.accountId ?? null, name: user?.name ?? null, key: user?.key ?? null },
        changelogId: changelog?.id ?? null,
        statusChange: statusChangeOf(changelog?.items),
        transitionClaimed: false,
        ...(webhookEvent === 'comment_created' && comment !== undefined && comment !== null
          ? {
              comment: {
                id: comment.id,
                authorAccountId: comment.author?.accountId ?? null,
                ...(comment.author?.displayName === undefined ? {} : { authorDisplayName: comment.author.displayName }),
                text: typeof comment.body === 'string' ? comment.body : adfToText(comment.body ?? null),
              },
              ...(labels === undefined || labels === null ? {} : { labels }),
            }
          : {}),
      },
    };
  }
  const custom = AutomationCustom.safeParse(body);
  if (custom.success) {
    return {
      ok: true,
      hint: {
        source,
        issueId: custom.data.issueId,
        issueKey: custom.data.key ?? null,
        actor: { accountId: custom.data.actor ?? null, name: null, key: null },
        changelogId: custom.data.changelogId ?? null,
        statusChange: null,
        transitionClaimed: true,
      },
    };
  }
  const issue = AutomationIssue.safeParse(body);
  if (!issue.success) return { ok: false, error: describe(issue.error) };
  const statusChange = statusChangeOf(issue.data.changelog?.items);
  return {
    ok: true,
    hint: {
      source,
      issueId: issue.data.id,
      issueKey: issue.data.key ?? null,
      actor: { accountId: null, name: null, key: null },
      changelogId: issue.data.changelog?.id ?? null,
      statusChange,
      transitionClaimed: statusChange === null,
    },
  };
}

/** True when the delivery may be an approval worth queueing: a status change, or an Automation call. */
export function mayBeApproval(hint: WebhookHint): boolean {
  return hint.comment === undefined && (hint.statusChange !== null || hint.transitionClaimed);
}

/**
 * True when the delivery may be a question worth queueing: a new comment holding `askCommand` at the
 * start of a line, on an issue that carries the `lakewarden` label when the payload lists labels.
 * `askCommand` undefined (AI off) → false: nothing is stored. The worker re-checks everything.
 */
export function mayBeAsk(hint: WebhookHint, askCommand: string | undefined): boolean {
  if (askCommand === undefined || hint.comment === undefined) return false;
  if (hint.labels !== undefined && !hint.labels.includes('lakewarden')) return false;
  return mayBeAskText(hint.comment.text, askCommand);
}

/** True when a line of `text` starts with `askCommand` (case-insensitive); the worker re-checks everything. */
export function mayBeAskText(text: string, askCommand: string): boolean {
  const command = askCommand.trim().toLowerCase();
  return text.split('\n').some((line) => line.trim().toLowerCase().startsWith(command));
}

/**
 * True when the delivery may be a snooze command worth queueing: a new comment holding `/lakewarden snooze` at the
 * start of a line, on an issue that carries the `lakewarden` label when the payload lists labels. The worker
 * re-checks everything (process-snooze.ts).
 */
export function mayBeSnooze(hint: WebhookHint): boolean {
  if (hint.comment === undefined) return false;
  if (hint.labels !== undefined && !hint.labels.includes('lakewarden')) return false;
  return hasSnoozeCommand(hint.comment.text);
}
