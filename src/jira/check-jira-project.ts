import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/**
 * Reads the project issues are filed in (`GET /rest/api/3/project/{key}`), for `lakewarden doctor`.
 * @returns the project's name and component names
 * @throws ExternalServiceError (404 when the key is wrong or the bot cannot browse the project)
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get
 */
export async function checkJiraProject(
  context: JiraContext,
  projectKey: string,
): Promise<{ name: string; components: string[] }> {
  const project = await withJiraRetry(
    () => context.client.projects.getProject({ projectIdOrKey: projectKey }),
    `read project ${projectKey}`,
    context.retry,
  );
  return {
    name: project.name ?? projectKey,
    components: (project.components ?? []).flatMap((c) => (c.name === undefined ? [] : [c.name])),
  };
}
