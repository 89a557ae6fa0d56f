import type { JiraContext } from '../jira/jira-context.ts';
import { withJiraRetry } from '../jira/with-jira-retry.ts';
import type { IssueStatus, IssueStatusSource } from './issue-status-source.ts';

/** Issues per search page. */
const PAGE_SIZE = 100;

/**
 * {@link IssueStatusSource} over jira.js: pages `POST /rest/api/3/search/jql` (`issueSearch.searchAndReconsileIssuesUsingJqlPost`,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get) for `project = <key> AND labels = lakewarden` with `fields: ["status"]`.
 */
export function createJiraIssueStatusSource(context: JiraContext, projectKey: string): IssueStatusSource {
  return {
    async statusesByIssueId() {
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
    },
  };
}
