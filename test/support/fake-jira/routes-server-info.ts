import { jiraTime } from './render.ts';
import type { FakeRoute } from './route.ts';

/**
 * `GET /rest/api/{2,3}/serverInfo` of Jira Cloud: `deploymentType` is `Cloud` (Cloud serves REST v2 too).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
 */
export const serverInfoRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/[23]\/serverInfo$/,
    handle: (state) => ({
      status: 200,
      body: {
        baseUrl: state.baseUrl,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100287,
        serverTime: jiraTime(state.now),
        serverTitle: 'Jira',
      },
    }),
  },
];
