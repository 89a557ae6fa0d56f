import type { IssueStatus } from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** Issues per search page. */
const PAGE_SIZE = 100;

/**
 * Current statuses of lakewarden's issues, keyed by issue id, over jira.js: pages `POST /rest/api/3/search/jql` (`issueSearch.searchAndReconsileIssuesUsingJqlPost`,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/) for `project = <key> AND labels = lakewarden` with `fields: ["status"]`.
 */
export async function readIssueStatuses(
  context: JiraContext,
  projectKey: string,
): Promise<ReadonlyMap<string, IssueStatus>> {
  const statuses = new Map<string, IssueStatus>();
  let nextPageToken: string | undefined;
  for (;;) {
    const token = nextPageToken;
    const page = await withJiraRetry(
      () =>
        context.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
          jql: `project = "${projectKey}" AND labels = lakewarden`,
          fields: ['status'],
          maxResults: PAGE_SIZE,
          ...(token !== undefined && { nextPageToken: token }),
        }),
      'read issue statuses for the report',
      context.retry,
    );
    for (const issue of page.issues ?? []) {
      const status = (issue.fields as { status?: { name?: string; statusCategory?: { key?: string } } } | undefined)
        ?.status;
      if (issue.id === undefined || status?.name === undefined) continue;
      statuses.set(issue.id, { name: status.name, categoryKey: status.statusCategory?.key ?? '' });
    }
    if (page.isLast !== false || page.nextPageToken === undefined || page.nextPageToken === null) return statuses;
    nextPageToken = page.nextPageToken;
  }
}
