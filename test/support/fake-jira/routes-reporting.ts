import { renderStatus } from './render.ts';
import { errorReply, type FakeRoute } from './route.ts';

/**
 * GET /rest/api/3/project/{projectIdOrKey}/statuses (jira.js `projects.getAllStatuses`): the statuses of the
 * project's workflow per issue type, shaped like Jira's `IssueTypeWithStatus[]`. The fake has one workflow,
 * so every issue type of the project lists the same statuses.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-statuses-get
 */
export const reportingRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/project\/([^/]+)\/statuses$/,
    handle: (state, req) => {
      const wanted = decodeURIComponent(req.match[1] ?? '');
      const project = state.projects.find((p) => p.key === wanted || p.id === wanted);
      if (project === undefined) return errorReply(404, [`No project could be found with key '${wanted}'.`]);
      return {
        status: 200,
        body: project.issueTypes.map((type) => ({
          self: `${state.baseUrl}/rest/api/3/issueType/${type.id}`,
          id: type.id,
          name: type.name,
          subtask: false,
          statuses: state.workflow.statuses.map((s) => renderStatus(state, s)),
        })),
      };
    },
  },
];
