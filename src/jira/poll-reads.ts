import { adfToText } from '../document/adf-to-text.ts';
import type { IssueComment, IssueRef } from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { searchIssueRefs } from './search-issue-refs.ts';
import { withJiraRetry } from './with-jira-retry.ts';

const PAGE_SIZE = 100;

/**
 * The JQL of the polling intake: lakewarden issues updated in the last `minutes` minutes. A relative date
 * (`"-15m"`) is used because absolute JQL dates are read in the searching user's time zone and have minute
 * granularity (https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Updated); a status change and a new
 * comment both update `updated`.
 */
export function buildRecentlyUpdatedJql(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new RangeError(`minutes must be a positive integer, got ${minutes}`);
  return `labels = lakewarden AND updated >= "-${minutes}m" ORDER BY updated ASC`;
}

/**
 * Ids and keys of lakewarden issues updated in the last `minutes` minutes, every page
 * (`POST /rest/api/3/search/jql`, https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post).
 * @throws ExternalServiceError / AuthenticationError (via withJiraRetry).
 */
export async function findRecentlyUpdated(
  context: JiraContext,
  minutes: number,
  pageSize: number,
): Promise<IssueRef[]> {
  return searchIssueRefs(context, buildRecentlyUpdatedJql(minutes), {
    pageSize,
    what: 'search recently updated lakewarden issues',
  });
}

/**
 * Every comment of an issue, oldest first, with its text (ADF read as plain text), every page
 * (`GET /rest/api/3/issue/{id}/comment?orderBy=created`,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get).
 * @throws ExternalServiceError / AuthenticationError (via withJiraRetry).
 */
export async function listComments(context: JiraContext, issueId: string): Promise<IssueComment[]> {
  const comments: IssueComment[] = [];
  for (let startAt = 0; ; ) {
    const page = await withJiraRetry(
      () =>
        context.client.issueComments.getComments({
          issueIdOrKey: issueId,
          startAt,
          maxResults: PAGE_SIZE,
          orderBy: 'created',
        }),
      `read the comments of issue ${issueId}`,
      context.retry,
    );
    const values = page.comments ?? [];
    for (const c of values) {
      const body = c.body as unknown;
      comments.push({
        id: String(c.id ?? ''),
        authorAccountId: c.author?.accountId ?? null,
        authorDisplayName: c.author?.displayName ?? null,
        created: c.created instanceof Date ? c.created.toISOString() : String(c.created ?? ''),
        text: typeof body === 'string' ? body : adfToText(body ?? null),
        body: body ?? null,
      });
    }
    startAt += values.length;
    if (values.length === 0 || startAt >= (page.total ?? 0)) return comments;
  }
}
