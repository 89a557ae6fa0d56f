import type { JiraContext } from './jira-context.ts';
import { readEditableFields } from './read-create-screen.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * Sets a number custom field over jira.js v6 when it is on the issue's edit screen (`GET …/editmeta`): then
 * `issues.editIssue` with `fields: { [fieldId]: value }` and `notifyUsers: false` (PUT /rest/api/3/issue/{id},
 * retried on 429/503). A field that is not on the edit screen is left alone (Jira would refuse it with 400).
 *
 * @returns true when written, false when the field is not on the edit screen
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-editmeta-get
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
 * @throws ExternalServiceError (via withJiraRetry/mapJiraError).
 */
export async function setNumberField(
  context: JiraContext,
  issueIdOrKey: string,
  fieldId: string,
  value: number,
): Promise<boolean> {
  if (!(await readEditableFields(context, issueIdOrKey)).has(fieldId)) return false;
  await withJiraRetry(
    () => context.client.issues.editIssue({ issueIdOrKey, fields: { [fieldId]: value }, notifyUsers: false }),
    'set the verified-savings field',
    context.retry,
  );
  return true;
}
