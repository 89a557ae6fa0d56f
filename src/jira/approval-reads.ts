import { PROPERTY_KEY } from '../findings/issue-property.ts';
import { ensureStatusThrough } from '../tracker/ensure-status.ts';
import type {
  ApprovalTracker,
  ChangelogEntry,
  CommentReader,
  FetchedIssue,
  JiraUserRef,
  TicketTracker,
} from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

const PAGE_SIZE = 100;

function userOf(value: unknown): JiraUserRef | null {
  if (typeof value !== 'object' || value === null) return null;
  const { accountId, displayName } = value as { accountId?: unknown; displayName?: unknown };
  if (typeof accountId !== 'string') return null;
  return { accountId, displayName: typeof displayName === 'string' ? displayName : null };
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : '';
}

/**
 * The approval-flow part of the Jira Cloud tracker over jira.js v6 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get): the issue re-fetched with its `lakewarden`
 * entity property (`GET /rest/api/3/issue/{id}?fields=status,labels,assignee,reporter&properties=lakewarden`)
 * and **every** page of `GET /rest/api/3/issue/{id}/changelog`; the approver's groups by groupId
 * (`GET /rest/api/3/user/groups?accountId=`; a group without groupId is dropped, never matched by name);
 * status moves through the ticket part's `transitionTo` (transition found by target status name). Reads
 * retry 429/503 (withJiraRetry); comments and transitions only 429.
 * Also the relay's comment reader (`GET /rest/api/3/issue/{id}/comment`, all pages).
 *
 * @throws ExternalServiceError / AuthenticationError from jira.js calls (the worker retries later).
 */
export function createApprovalReads(
  context: JiraContext,
  tracker: Pick<TicketTracker, 'transitionTo'>,
): Omit<ApprovalTracker, 'addComment'> & CommentReader {
  const { client, retry } = context;

  async function changelogOf(issueId: string): Promise<ChangelogEntry[]> {
    const entries: ChangelogEntry[] = [];
    for (let startAt = 0; ; ) {
      const page = await withJiraRetry(
        () => client.issues.getChangeLogs({ issueIdOrKey: issueId, startAt, maxResults: PAGE_SIZE }),
        `read the changelog of issue ${issueId}`,
        retry,
      );
      const values = page.values ?? [];
      for (const entry of values) {
        entries.push({
          id: entry.id ?? '',
          author: userOf(entry.author),
          created: isoOf(entry.created),
          items: (entry.items ?? []).map((item) => ({
            field: item.field ?? '',
            from: str(item.from),
            fromString: str(item.fromString),
            to: str(item.to),
            toString: str(item.toString),
          })),
        });
      }
      startAt += values.length;
      if (page.isLast === true || values.length === 0) break;
      if (typeof page.total === 'number' && startAt >= page.total) break;
    }
    return entries;
  }

  async function getIssue(issueId: string) {
    return withJiraRetry(
      () =>
        client.issues.getIssue({
          issueIdOrKey: issueId,
          fields: ['status', 'labels', 'assignee', 'reporter'],
          properties: [PROPERTY_KEY],
        }),
      `read issue ${issueId}`,
      retry,
    );
  }

  async function currentStatus(issueId: string): Promise<string> {
    const issue = await withJiraRetry(
      () => client.issues.getIssue({ issueIdOrKey: issueId, fields: ['status'] }),
      `read issue ${issueId}`,
      retry,
    );
    const status = ((issue.fields ?? {}) as { status?: { name?: unknown } }).status;
    return str(status?.name) ?? '';
  }

  return {
    async getIssueWithChangelog(issueId): Promise<FetchedIssue> {
      const issue = await getIssue(issueId);
      const fields = (issue.fields ?? {}) as Record<string, unknown>;
      const status = (fields.status ?? {}) as { id?: unknown; name?: unknown };
      const properties = (issue.properties ?? {}) as Record<string, unknown>;
      return {
        id: issue.id ?? issueId,
        key: issue.key ?? '',
        status: { id: str(status.id), name: str(status.name) ?? '' },
        labels: Array.isArray(fields.labels) ? fields.labels.filter((l): l is string => typeof l === 'string') : [],
        assignee: userOf(fields.assignee),
        reporter: userOf(fields.reporter),
        property: properties[PROPERTY_KEY],
        changelog: await changelogOf(issue.id ?? issueId),
      };
    },
    async getUserGroups(accountId) {
      const groups = await withJiraRetry(
        () => client.users.getUserGroups({ accountId }),
        `read the groups of account ${accountId}`,
        retry,
      );
      return groups.flatMap((g) => (typeof g.groupId === 'string' && g.groupId !== '' ? [g.groupId] : []));
    },
    ensureStatus: (issueId, statusName) =>
      ensureStatusThrough(issueId, statusName, { transitionTo: tracker.transitionTo, currentStatus }),
    async hasCommentWith(issueId, marker) {
      for (let startAt = 0; ; ) {
        const page = await withJiraRetry(
          () => client.issueComments.getComments({ issueIdOrKey: issueId, startAt, maxResults: PAGE_SIZE }),
          `read the comments of issue ${issueId}`,
          retry,
        );
        const comments = page.comments ?? [];
        if (comments.some((c) => JSON.stringify(c.body ?? '').includes(marker))) return true;
        startAt += comments.length;
        if (comments.length === 0 || startAt >= (page.total ?? 0)) return false;
      }
    },
    currentStatus,
  };
}
