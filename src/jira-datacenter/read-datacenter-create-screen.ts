import { ConfigError } from '../errors.ts';
import type { CreateScreen, ScreenField } from '../tracker/issue-tracker.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { DcCreateMetaPage } from './datacenter-schemas.ts';

const PAGE = 50;

/** Every `values` entry of a paged Data Center createmeta resource. */
async function readAll(http: DataCenterHttp, path: string, operation: string): Promise<Array<Record<string, unknown>>> {
  const values: Array<Record<string, unknown>> = [];
  for (let startAt = 0; ; startAt += PAGE) {
    const page = await http({
      method: 'GET',
      path,
      query: { startAt, maxResults: PAGE },
      schema: DcCreateMetaPage,
      operation,
    });
    values.push(...page.values);
    if (page.values.length === 0 || page.isLast === true || values.length >= (page.total ?? values.length)) {
      return values;
    }
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The create screen of `projectKey` for the issue type named `issueType` on Data Center: the project's issue
 * types (`GET /rest/api/2/issue/createmeta/{projectIdOrKey}/issuetypes`), then that type's fields
 * (`GET /rest/api/2/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`), both paged in `values`.
 * Component names are the `allowedValues` of the `components` field.
 *
 * @throws ConfigError when the issue type is not one of the project's (naming those that exist)
 * @throws ExternalServiceError when Jira fails
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getCreateIssueMetaProjectIssueTypes
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getCreateIssueMetaFields
 */
export async function readDataCenterCreateScreen(
  http: DataCenterHttp,
  projectKey: string,
  issueType: string,
): Promise<CreateScreen> {
  const base = `/rest/api/2/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`;
  const types = (await readAll(http, base, `read the issue types of project ${projectKey}`)).map((t) => ({
    id: text(t.id),
    name: text(t.name),
  }));
  const type = types.find((t) => t.name.toLowerCase() === issueType.toLowerCase());
  if (type === undefined) {
    throw new ConfigError(
      `jira.issueType "${issueType}" is not an issue type of project ${projectKey} (it has: ${types.map((t) => t.name).join(', ') || 'none'}) — fix: set jira.issueType to one of them`,
    );
  }
  const raw = await readAll(
    http,
    `${base}/${encodeURIComponent(type.id)}`,
    `read the create screen of project ${projectKey}`,
  );
  const fields: ScreenField[] = [];
  let components: string[] = [];
  for (const field of raw) {
    const id = text(field.fieldId);
    if (id === '') continue;
    fields.push({
      id,
      name: text(field.name) || id,
      required: field.required === true,
      hasDefaultValue: field.hasDefaultValue === true,
    });
    if (id === 'components' && Array.isArray(field.allowedValues)) {
      components = field.allowedValues.flatMap((v) => {
        const name = (v as { name?: unknown }).name;
        return typeof name === 'string' ? [name] : [];
      });
    }
  }
  return { projectKey, issueType: type.name, issueTypeId: type.id, fields, components };
}
