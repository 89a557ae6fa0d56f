import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * Email → accountId with `GET /rest/api/3/user/search?query=<email>` (prefix match on name and email).
 * Returns the active user whose visible email equals `email` (case-insensitive); otherwise the first active
 * `atlassian` user whose email is hidden (privacy settings) — a user showing a different email is never
 * taken; otherwise undefined (Jira may legitimately hide everyone: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get).
 *
 * @throws ExternalServiceError / AuthenticationError when the search fails.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get
 */
export async function findAccountIdByEmail(context: JiraContext, email: string): Promise<string | undefined> {
  const wanted = email.trim().toLowerCase();
  if (wanted === '') return undefined;
  const users = await withJiraRetry(
    () => context.client.userSearch.findUsers({ query: wanted }),
    'search users by email',
    context.retry,
  );
  const active = users.filter((u) => u.active === true && u.accountId !== undefined);
  const exact = active.find((u) => u.emailAddress?.toLowerCase() === wanted);
  if (exact !== undefined) return exact.accountId;
  const hidden = active.find((u) => u.accountType === 'atlassian' && (u.emailAddress ?? '') === '');
  return hidden?.accountId;
}
