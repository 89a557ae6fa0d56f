import type { JiraContext } from '../jira/jira-context.ts';
import { withJiraRetry } from '../jira/with-jira-retry.ts';
import type { SavingsJira } from './savings-jira.ts';

/**
 * {@link SavingsJira} over jira.js v6: `issueComments.addComment` (POST …/comment, retried on 429 only) and
 * `issues.editIssue` with `fields: { [fieldId]: value }` (PUT, retried on 429/503) — https://github.com/MrRefactoring/jira.js#readme.
 *
 * @throws ExternalServiceError (via withJiraRetry/mapJiraError).
 */
export function createJiraSavingsPort(context: JiraContext): SavingsJira {
  return {
    async addComment(issueIdOrKey, body) {
      await withJiraRetry(
        () => context.client.issueComments.addComment({ issueIdOrKey, body: { ...body, content: [...body.content] } }),
        'add the verified-savings comment',
        context.retry,
        'non-idempotent',
      );
    },
    async setNumberField(issueIdOrKey, fieldId, value) {
      await withJiraRetry(
        () => context.client.issues.editIssue({ issueIdOrKey, fields: { [fieldId]: value }, notifyUsers: false }),
        'set the verified-savings field',
        context.retry,
      );
    },
  };
}
