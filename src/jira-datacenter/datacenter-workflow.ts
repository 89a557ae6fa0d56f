import { z } from 'zod';
import type { WorkflowApi } from '../tracker/move-through-workflow.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { DcIssue, DcTransitions } from './datacenter-schemas.ts';

/**
 * The Data Center binding of `moveThroughWorkflow` (the breadth-first walk shared with the Cloud adapter):
 * `GET /rest/api/2/issue/{id}?fields=status,project,issuetype`, `GET …/transitions?expand=transitions.fields`,
 * `POST …/transitions` (retried on 429 only) and `GET /rest/api/2/project/{key}/statuses`.
 *
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getTransitions
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-doTransition
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/project-getAllStatuses
 */
export function createDataCenterWorkflowApi(http: DataCenterHttp): WorkflowApi {
  return {
    async readIssue(id) {
      const issue = await http({
        method: 'GET',
        path: `/rest/api/2/issue/${encodeURIComponent(id)}`,
        query: { fields: 'status,project,issuetype' },
        schema: DcIssue,
        operation: `read the status of issue ${id}`,
      });
      return issue.fields as Awaited<ReturnType<WorkflowApi['readIssue']>>;
    },
    async listTransitions(id) {
      const answer = await http({
        method: 'GET',
        path: `/rest/api/2/issue/${encodeURIComponent(id)}/transitions`,
        query: { expand: 'transitions.fields' },
        schema: DcTransitions,
        operation: `list the transitions of issue ${id}`,
      });
      return answer.transitions;
    },
    async transition(id, transition, fields) {
      await http({
        method: 'POST',
        path: `/rest/api/2/issue/${encodeURIComponent(id)}/transitions`,
        body: { transition: { id: transition.id }, ...(fields === undefined ? {} : { fields }) },
        operation: `move issue ${id} to "${transition.to}"`,
        kind: 'non-idempotent',
      });
    },
    async projectStatuses(projectKey) {
      return http<unknown>({
        method: 'GET',
        path: `/rest/api/2/project/${encodeURIComponent(projectKey)}/statuses`,
        schema: z.unknown(),
        operation: `read the workflow statuses of project ${projectKey}`,
      });
    },
  };
}
