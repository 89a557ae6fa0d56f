import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * Sets a number custom field over jira.js v6: `issues.editIssue` with `fields: { [fieldId]: value }` and
 * `notifyUsers: false` (PUT /rest/api/3/issue/{id}, retried on 429/503).
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
 * @throws ExternalServiceError (via withJiraRetry/mapJiraError).
 */
export async function setNumberField(
  context: JiraContext,
  issueIdOrKey: string,
  fieldId: string,
  value: number,
): Promise<void> {
  await withJiraRetry(
    () => context.client.issues.editIssue({ issueIdOrKey, fields: { [fieldId]: value }, notifyUsers: false }),
    'set the verified-savings field',
    context.retry,
  );
}
