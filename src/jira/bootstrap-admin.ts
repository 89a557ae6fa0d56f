import type { BootstrapTracker } from '../tracker/issue-tracker.ts';
import { NUMBER_FIELD_SEARCHER, NUMBER_FIELD_TYPE } from '../tracker/savings-field-definitions.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** Page size of the filter search. */
const FILTER_PAGE = 50;

/**
 * The bootstrap part of the Jira Cloud tracker ({@link BootstrapTracker}) over jira.js v6 (https://github.com/MrRefactoring/jira.js#readme): `issueFields.getFields` / `createCustomField`,
 * `projects.getAllStatuses` / `getProject` (also read by `doctor`), `filters.getFiltersPaginated` / `createFilter`. Reads retry 429/503,
 * creates retry 429 only (a 503 may hide a create; the next run finds it by name).
 *
 * @throws ExternalServiceError (via withJiraRetry).
 */
export function createBootstrapAdmin(context: JiraContext): BootstrapTracker {
  const { client, retry } = context;
  return {
    async listFields() {
      const fields = await withJiraRetry(() => client.issueFields.getFields(), 'list fields', retry);
      return fields.map((f) => ({
        id: f.id ?? '',
        name: f.name ?? '',
        custom: f.custom ?? false,
        customType: f.schema?.custom,
      }));
    },
    async createNumberField(name, description) {
      const field = await withJiraRetry(
        () =>
          client.issueFields.createCustomField({
            name,
            description,
            type: NUMBER_FIELD_TYPE,
            searcherKey: NUMBER_FIELD_SEARCHER,
          }),
        `create the custom field "${name}"`,
        retry,
        'non-idempotent',
      );
      return field.id ?? '';
    },
    async listProjectStatuses(projectKey) {
      const perType = await withJiraRetry(
        () => client.projects.getAllStatuses({ projectIdOrKey: projectKey }),
        `list the statuses of project ${projectKey}`,
        retry,
      );
      const byName = new Map<string, { name: string; categoryKey: string }>();
      for (const type of perType) {
        for (const status of type.statuses) {
          if (status.name === undefined) continue;
          byName.set(status.name, { name: status.name, categoryKey: status.statusCategory?.key ?? '' });
        }
      }
      return [...byName.values()];
    },
    /** GET /rest/api/3/project/{key} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get */
    async getProject(projectKey) {
      const project = await withJiraRetry(
        () => client.projects.getProject({ projectIdOrKey: projectKey }),
        `read project ${projectKey}`,
        retry,
      );
      return {
        id: project.id ?? projectKey,
        name: project.name ?? projectKey,
        components: (project.components ?? []).flatMap((c) => (c.name === undefined ? [] : [c.name])),
      };
    },
    async searchFilters(name) {
      const found: Array<{ id: string; name: string; jql: string }> = [];
      for (let startAt = 0; ; startAt += FILTER_PAGE) {
        const page = await withJiraRetry(
          () =>
            client.filters.getFiltersPaginated({ filterName: name, startAt, maxResults: FILTER_PAGE, expand: 'jql' }),
          `search filters named "${name}"`,
          retry,
        );
        for (const f of page.values ?? []) found.push({ id: f.id ?? '', name: f.name, jql: f.jql ?? '' });
        if (page.isLast !== false || (page.values ?? []).length === 0) return found;
      }
    },
    async createFilter(filter) {
      const created = await withJiraRetry(
        () =>
          client.filters.createFilter({
            name: filter.name,
            jql: filter.jql,
            description: filter.description,
            sharePermissions: [{ type: 'project', project: { id: filter.projectId } }],
          }),
        `create the filter "${filter.name}"`,
        retry,
        'non-idempotent',
      );
      return created.id ?? '';
    },
  };
}
