import type { IssueRef } from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * Ids and keys of every issue a JQL query matches, all pages of `POST /rest/api/3/search/jql` (token paging,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post),
 * in the order Jira returns them, each issue once.
 * @throws ExternalServiceError / AuthenticationError (via withJiraRetry), `what` naming the search.
 */
export async function searchIssueRefs(
  context: JiraContext,
  jql: string,
  options: { pageSize: number; what: string },
): Promise<IssueRef[]> {
  const found = new Map<string, IssueRef>();
  let nextPageToken: string | undefined;
  do {
    const pageToken = nextPageToken;
    const page = await withJiraRetry(
      () =>
        context.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
          jql,
          fields: ['id'],
          maxResults: options.pageSize,
          ...(pageToken === undefined ? {} : { nextPageToken: pageToken }),
        }),
      options.what,
      context.retry,
    );
    for (const issue of page.issues ?? []) {
      if (typeof issue.id === 'string') found.set(issue.id, { id: issue.id, key: issue.key ?? issue.id });
    }
    nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
  } while (nextPageToken !== undefined);
  return [...found.values()];
}
