import { errorReply, type FakeRoute } from './route.ts';
import { findIssue } from './routes-issues.ts';
import type { FakeJiraState, FakeProject, FakeProjectStyle, FakeScreenField } from './types.ts';

/**
 * Project styles and their create/edit screens, and the metadata endpoints that describe them.
 *
 * - Create metadata: `GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes` (page of `issueTypes`) and
 *   `GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}` (page of `fields`, each
 *   `{fieldId, key, name, required, hasDefaultValue, operations, schema, allowedValues}`), both with
 *   `startAt`/`maxResults`/`total` —
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-get
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-issuetypeid-get
 * - Edit metadata: `GET /rest/api/3/issue/{issueIdOrKey}/editmeta` → `{fields: {<fieldId>: {required, name, key,
 *   operations, schema, allowedValues}}}`, only the fields on the issue's edit screen —
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-editmeta-get
 * - A field that is not on the screen is refused with 400 and the ErrorCollection
 *   `{"errorMessages":[],"errors":{"components":"Field 'components' cannot be set. It is not on the appropriate screen, or unknown."}}` —
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes
 * - Team-managed projects have no Components field and use project-scoped custom fields, so the site's global
 *   custom fields are not on their screens —
 *   https://support.atlassian.com/jira-software-cloud/docs/what-are-team-managed-and-company-managed-projects/
 */

const SYSTEM: Record<string, FakeScreenField> = {
  summary: { fieldId: 'summary', name: 'Summary', required: true, schema: { type: 'string', system: 'summary' } },
  issuetype: {
    fieldId: 'issuetype',
    name: 'Issue Type',
    required: true,
    schema: { type: 'issuetype', system: 'issuetype' },
  },
  project: { fieldId: 'project', name: 'Project', required: true, schema: { type: 'project', system: 'project' } },
  description: {
    fieldId: 'description',
    name: 'Description',
    required: false,
    schema: { type: 'string', system: 'description' },
  },
  labels: {
    fieldId: 'labels',
    name: 'Labels',
    required: false,
    schema: { type: 'array', items: 'string', system: 'labels' },
  },
  assignee: { fieldId: 'assignee', name: 'Assignee', required: false, schema: { type: 'user', system: 'assignee' } },
  reporter: { fieldId: 'reporter', name: 'Reporter', required: false, schema: { type: 'user', system: 'reporter' } },
  components: {
    fieldId: 'components',
    name: 'Components',
    required: false,
    schema: { type: 'array', items: 'component', system: 'components' },
  },
  priority: {
    fieldId: 'priority',
    name: 'Priority',
    required: false,
    schema: { type: 'priority', system: 'priority' },
  },
};

const COMMON = ['summary', 'issuetype', 'project', 'description', 'labels', 'assignee', 'reporter'];

/** A project of the given style: company-managed (classic, components) or team-managed (no components). */
export function fakeProject(
  key: string,
  style: FakeProjectStyle,
  overrides: Partial<Omit<FakeProject, 'key' | 'style'>> = {},
): FakeProject {
  const teamManaged = style === 'team-managed';
  return {
    id: overrides.id ?? (teamManaged ? '10200' : '10000'),
    key,
    name: overrides.name ?? (teamManaged ? `${key} (team-managed)` : 'FinOps'),
    style,
    components: teamManaged ? [] : (overrides.components ?? ['data-platform', 'finops']),
    issueTypes: overrides.issueTypes ?? [
      // Team-managed issue types are project-scoped and have their own ids.
      { id: teamManaged ? '10210' : '10002', name: 'Task' },
      { id: teamManaged ? '10211' : '10004', name: 'Bug' },
    ],
    hiddenFields: overrides.hiddenFields ?? [],
    extraFields: overrides.extraFields ?? [],
  };
}

/** The fields on the project's create screen (the edit screen is the same minus project and issue type). */
export function screenFields(state: FakeJiraState, project: FakeProject): FakeScreenField[] {
  const system = project.style === 'team-managed' ? COMMON : [...COMMON, 'components', 'priority'];
  const fields: FakeScreenField[] = system.flatMap((id) => (SYSTEM[id] === undefined ? [] : [SYSTEM[id]]));
  if (project.style === 'company-managed') {
    for (const field of state.fields.filter((f) => f.custom)) {
      fields.push({ fieldId: field.id, name: field.name, required: false, schema: field.schema });
    }
  }
  fields.push(...project.extraFields);
  return fields.filter((f) => !project.hiddenFields.includes(f.fieldId));
}

/** Whether a field id is on the screen of the project (create) or of the issue's project (edit). */
export function onScreen(state: FakeJiraState, project: FakeProject, fieldId: string): boolean {
  return screenFields(state, project).some((f) => f.fieldId === fieldId);
}

export function findProject(state: FakeJiraState, idOrKey: string): FakeProject | undefined {
  return state.projects.find((p) => p.key === idOrKey || p.id === idOrKey);
}

function renderField(state: FakeJiraState, project: FakeProject, field: FakeScreenField): Record<string, unknown> {
  const allowedValues =
    field.fieldId === 'components'
      ? project.components.map((name, i) => ({
          self: `${state.baseUrl}/rest/api/3/component/${10100 + i}`,
          id: String(10100 + i),
          name,
        }))
      : field.fieldId === 'priority'
        ? ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, i) => ({ id: String(i + 1), name }))
        : undefined;
  return {
    fieldId: field.fieldId,
    key: field.fieldId,
    name: field.name,
    required: field.required,
    hasDefaultValue: field.fieldId === 'priority',
    operations: field.schema.type === 'array' ? ['add', 'set', 'remove'] : ['set'],
    schema: field.schema,
    ...(allowedValues === undefined ? {} : { allowedValues }),
  };
}

function page<T>(
  query: URLSearchParams,
  values: readonly T[],
): { startAt: number; maxResults: number; total: number; values: T[] } {
  const startAt = Number(query.get('startAt') ?? 0);
  const maxResults = Math.min(200, Number(query.get('maxResults') ?? 50));
  return { startAt, maxResults, total: values.length, values: values.slice(startAt, startAt + maxResults) };
}

export const screenRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/createmeta\/([^/]+)\/issuetypes$/,
    handle: (state, req) => {
      const project = findProject(state, decodeURIComponent(req.match[1] ?? ''));
      if (project === undefined)
        return errorReply(404, ['Project not found or you do not have permission to view it.']);
      const { values, ...rest } = page(req.query, project.issueTypes);
      return {
        status: 200,
        body: {
          ...rest,
          issueTypes: values.map((t) => ({
            self: `${state.baseUrl}/rest/api/3/issuetype/${t.id}`,
            id: t.id,
            name: t.name,
            subtask: false,
            ...(project.style === 'team-managed' ? { scope: { type: 'PROJECT', project: { id: project.id } } } : {}),
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/createmeta\/([^/]+)\/issuetypes\/([^/]+)$/,
    handle: (state, req) => {
      const project = findProject(state, decodeURIComponent(req.match[1] ?? ''));
      if (project === undefined)
        return errorReply(404, ['Project not found or you do not have permission to view it.']);
      if (!project.issueTypes.some((t) => t.id === req.match[2])) {
        return errorReply(404, ['Issue type not found or you do not have permission to view it.']);
      }
      const fields = screenFields(state, project).map((f) => renderField(state, project, f));
      const { values, ...rest } = page(req.query, fields);
      return { status: 200, body: { ...rest, fields: values } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/editmeta$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined)
        return errorReply(404, ['Issue does not exist or you do not have permission to see it.']);
      const project = findProject(state, issue.projectKey);
      if (project === undefined) return errorReply(404, ['Project not found.']);
      const fields: Record<string, unknown> = {};
      for (const field of screenFields(state, project)) {
        if (field.fieldId === 'project' || field.fieldId === 'issuetype') continue;
        const { fieldId: _id, hasDefaultValue: _d, ...rest } = renderField(state, project, field);
        fields[field.fieldId] = rest;
      }
      return { status: 200, body: { fields } };
    },
  },
];
