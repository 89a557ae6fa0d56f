import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** A Jira group; configure approver groups by `groupId` (names can change). */
export interface UserGroup {
  name: string;
  groupId: string | undefined;
}

/**
 * The groups of one user: `GET /rest/api/3/user/groups?accountId=` (needs *Browse users and groups*).
 *
 * @throws ExternalServiceError (404 for an unknown account, 403 without the permission), AuthenticationError.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-groups-get
 */
export async function getUserGroups(context: JiraContext, accountId: string): Promise<UserGroup[]> {
  const groups = await withJiraRetry(
    () => context.client.users.getUserGroups({ accountId }),
    `read the groups of account ${accountId}`,
    context.retry,
  );
  return groups.map((g) => ({ name: g.name ?? '', groupId: g.groupId ?? undefined }));
}
