import { ConfigError } from '../errors.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { DcServerInfo } from './datacenter-schemas.ts';

/** The oldest Jira Data Center / Server major version lakewarden supports. */
export const MIN_DATACENTER_MAJOR = 10;

/**
 * Checks that JIRA_BASE_URL is Jira Data Center / Server 10+ (`GET /rest/api/2/serverInfo`, `deploymentType`
 * `Server` or `DataCenter`; Jira Cloud answers `Cloud`).
 *
 * @returns the version string Jira reports
 * @throws ConfigError (one line) when the site is Jira Cloud or older than 10
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/serverInfo-getServerInfo
 */
export async function checkDataCenterDeployment(http: DataCenterHttp): Promise<string> {
  const info = await http({
    method: 'GET',
    path: '/rest/api/2/serverInfo',
    schema: DcServerInfo,
    operation: 'read the server info',
  });
  const type = info.deploymentType ?? '';
  if (type.toLowerCase() === 'cloud') {
    throw new ConfigError(
      'jira.deployment is datacenter but JIRA_BASE_URL is Jira Cloud (serverInfo deploymentType "Cloud") — fix: set jira.deployment: cloud',
    );
  }
  const major = info.versionNumbers?.[0] ?? Number.parseInt(info.version ?? '', 10);
  if (Number.isFinite(major) && major < MIN_DATACENTER_MAJOR) {
    throw new ConfigError(
      `Jira ${info.version ?? major} is older than Data Center ${MIN_DATACENTER_MAJOR}, the oldest version lakewarden supports — fix: upgrade Jira`,
    );
  }
  return info.version ?? type;
}
