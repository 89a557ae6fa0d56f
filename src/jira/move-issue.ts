import type { MoveResult } from '../tracker/issue-tracker.ts';
import { type MoveOptions, moveThroughWorkflow, type WorkflowApi } from '../tracker/move-through-workflow.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * The Jira Cloud binding of `moveThroughWorkflow` (the shared breadth-first walk in src/tracker/): issue reads,
 * transition lists and transitions over jira.js v6. Reads retry 429/503; a transition retries only 429.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-statuses-get
 */
export function createCloudWorkflowApi(context: JiraContext): WorkflowApi {
  const { client, retry } = context;
  return {
    async readIssue(id) {
      const issue = await withJiraRetry(
        () => client.issues.getIssue({ issueIdOrKey: id, fields: ['status', 'project', 'issuetype'] }),
        `read the status of issue ${id}`,
        retry,
      );
      return issue.fields as Awaited<ReturnType<WorkflowApi['readIssue']>>;
    },
    async listTransitions(id) {
      const answer = await withJiraRetry(
        () => client.issues.getTransitions({ issueIdOrKey: id, expand: 'transitions.fields' }),
        `list the transitions of issue ${id}`,
        retry,
      );
      return answer.transitions;
    },
    async transition(id, transition, fields) {
      await withJiraRetry(
        () =>
          client.issues.doTransition({
            issueIdOrKey: id,
            transition: { id: transition.id },
            ...(fields === undefined ? {} : { fields }),
          }),
        `move issue ${id} to "${transition.to}"`,
        retry,
        'non-idempotent',
      );
    },
    async projectStatuses(projectKey) {
      return withJiraRetry(
        () => client.projects.getAllStatuses({ projectIdOrKey: projectKey }),
        `read the workflow statuses of project ${projectKey}`,
        retry,
      );
    },
  };
}

/** Moves a Jira Cloud issue to `target` through its workflow (see `moveThroughWorkflow`). */
export async function moveIssue(
  context: JiraContext,
  id: string,
  target: string,
  options: MoveOptions,
): Promise<MoveResult> {
  return moveThroughWorkflow(createCloudWorkflowApi(context), id, target, options);
}
