import type { IssueRef } from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { searchIssueRefs } from './search-issue-refs.ts';
import { withJiraRetry } from './with-jira-retry.ts';

const PAGE_SIZE = 100;

/**
 * Every issue of the project labelled `lakewarden` (id and key), all pages of
 * `POST /rest/api/3/search/jql` — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 */
export async function listLakewardenIssues(context: JiraContext, projectKey: string): Promise<IssueRef[]> {
  const jql = `project = "${projectKey.replace(/"/g, '')}" AND labels = lakewarden ORDER BY created ASC`;
  return searchIssueRefs(context, jql, { pageSize: PAGE_SIZE, what: 'list lakewarden issues' });
}

/**
 * The email address of a Jira user, `GET /rest/api/3/user?accountId=` —
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-get
 * Jira omits `emailAddress` when the user's profile visibility hides it.
 *
 * @returns the address, or undefined when hidden or absent. @throws ExternalServiceError on other failures.
 */
export async function getUserEmail(context: JiraContext, accountId: string): Promise<string | undefined> {
  const { client, retry } = context;
  const user = await withJiraRetry(() => client.users.getUser({ accountId }), `read user ${accountId}`, retry);
  return typeof user.emailAddress === 'string' && user.emailAddress !== '' ? user.emailAddress : undefined;
}
