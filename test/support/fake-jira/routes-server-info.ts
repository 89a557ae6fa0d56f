import { jiraTime } from './render.ts';
import type { FakeRoute } from './route.ts';
import type { FakeJiraState } from './types.ts';

/**
 * `GET /rest/api/{2,3}/serverInfo` of Jira Cloud: `deploymentType` is `Cloud` (Cloud serves REST v2 too).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
 */
export const serverInfoRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/[23]\/serverInfo$/,
    handle: (state) => ({ status: 200, body: renderServerInfo(state, 'Cloud', [1001, 0, 0]) }),
  },
];

/** A serverInfo answer: `deploymentType` (`Cloud`, `Server`, `DataCenter`) and version numbers. */
export function renderServerInfo(
  state: FakeJiraState,
  deploymentType: string,
  versionNumbers: readonly number[],
): Record<string, unknown> {
  return {
    baseUrl: state.baseUrl,
    version: versionNumbers.join('.'),
    versionNumbers,
    deploymentType,
    buildNumber: versionNumbers.reduce((n, v) => n * 1000 + v, 0),
    serverTime: jiraTime(state.now),
    serverTitle: 'Jira',
  };
}
