import type { BootstrapTracker, IssueStatus, IssueStatusSource, SavingsTracker } from '../tracker/issue-tracker.ts';
import { NUMBER_FIELD_SEARCHER, NUMBER_FIELD_TYPE } from '../tracker/savings-field-definitions.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { readDataCenterEditableFields, searchAll } from './datacenter-reads.ts';
import { DcCreated, DcFields, DcFilter, DcProject, DcProjectStatuses } from './datacenter-schemas.ts';

const STATUS_PAGE = 100;

/**
 * The bootstrap, report and savings-field parts of the Data Center tracker over REST v2: fields
 * (`GET/POST /rest/api/2/field`), project statuses and project, filters (lakewarden's filters are created as
 * favourites of the bot, `POST /rest/api/2/filter`, shared with the project by
 * `POST /rest/api/2/filter/{id}/permission`, and found again among `GET /rest/api/2/filter/favourite`), the
 * report's statuses (`POST /rest/api/2/search`) and the verified-savings number field (`PUT /rest/api/2/issue/{id}`,
 * left alone when the field is not on the issue's edit screen, `GET …/editmeta`). Creates retry 429 only.
 *
 * @throws ExternalServiceError (403 without the Jira Administrators global permission for fields)
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/field-createCustomField
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/filter-createFilter
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/filter-getFavouriteFilters
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/filter-addSharePermission
 */
export function createDataCenterAdmin(
  http: DataCenterHttp,
  projectKey: string,
): BootstrapTracker & IssueStatusSource & Pick<SavingsTracker, 'setNumberField'> {
  return {
    async listFields() {
      const fields = await http({
        method: 'GET',
        path: '/rest/api/2/field',
        schema: DcFields,
        operation: 'list fields',
      });
      return fields.map((f) => ({ id: f.id, name: f.name, custom: f.custom, customType: f.schema?.custom }));
    },
    async createNumberField(name, description) {
      const field = await http({
        method: 'POST',
        path: '/rest/api/2/field',
        body: { name, description, type: NUMBER_FIELD_TYPE, searcherKey: NUMBER_FIELD_SEARCHER },
        schema: DcCreated,
        operation: `create the custom field "${name}"`,
        kind: 'non-idempotent',
      });
      return field.id;
    },
    async listProjectStatuses(key) {
      const perType = await http({
        method: 'GET',
        path: `/rest/api/2/project/${encodeURIComponent(key)}/statuses`,
        schema: DcProjectStatuses,
        operation: `list the statuses of project ${key}`,
      });
      const byName = new Map<string, { name: string; categoryKey: string }>();
      for (const type of perType) {
        for (const s of type.statuses) byName.set(s.name, { name: s.name, categoryKey: s.statusCategory?.key ?? '' });
      }
      return [...byName.values()];
    },
    async getProject(key) {
      const project = await http({
        method: 'GET',
        path: `/rest/api/2/project/${encodeURIComponent(key)}`,
        schema: DcProject,
        operation: `read project ${key}`,
      });
      return { id: project.id, name: project.name || key, components: project.components.map((c) => c.name) };
    },
    async searchFilters(name) {
      const favourites = await http({
        method: 'GET',
        path: '/rest/api/2/filter/favourite',
        schema: DcFilter.array(),
        operation: `search filters named "${name}"`,
      });
      const wanted = name.toLowerCase();
      return favourites.filter((f) => f.name.toLowerCase().includes(wanted));
    },
    async createFilter(filter) {
      const created = await http({
        method: 'POST',
        path: '/rest/api/2/filter',
        body: { name: filter.name, jql: filter.jql, description: filter.description, favourite: true },
        schema: DcFilter,
        operation: `create the filter "${filter.name}"`,
        kind: 'non-idempotent',
      });
      await http({
        method: 'POST',
        path: `/rest/api/2/filter/${encodeURIComponent(created.id)}/permission`,
        body: { type: 'project', projectId: filter.projectId },
        operation: `share the filter "${filter.name}" with the project`,
        kind: 'non-idempotent',
      });
      return created.id;
    },
    async statusesByIssueId() {
      const issues = await searchAll(http, `project = "${projectKey.replace(/"/g, '')}" AND labels = lakewarden`, {
        fields: ['status'],
        pageSize: STATUS_PAGE,
        what: 'read issue statuses for the report',
      });
      const statuses = new Map<string, IssueStatus>();
      for (const issue of issues) {
        const status = issue.fields?.status as { name?: unknown; statusCategory?: { key?: unknown } } | undefined;
        if (typeof status?.name !== 'string') continue;
        const categoryKey = typeof status.statusCategory?.key === 'string' ? status.statusCategory.key : '';
        statuses.set(issue.id, { name: status.name, categoryKey });
      }
      return statuses;
    },
    async setNumberField(issueIdOrKey, fieldId, value) {
      const path = `/rest/api/2/issue/${encodeURIComponent(issueIdOrKey)}`;
      if (!(await readDataCenterEditableFields(http, issueIdOrKey)).has(fieldId)) return false;
      await http({
        method: 'PUT',
        path,
        query: { notifyUsers: 'false' },
        body: { fields: { [fieldId]: value } },
        operation: 'set the verified-savings field',
      });
      return true;
    },
  };
}
