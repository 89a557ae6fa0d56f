import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import type { CreateScreen, ScreenField } from '../tracker/issue-tracker.ts';
import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

const PAGE = 50;

const IssueTypes = z.object({
  issueTypes: z.array(z.object({ id: z.string(), name: z.string() }).loose()).catch([]),
  total: z.number().optional(),
});

const Fields = z.object({
  fields: z
    .array(
      z
        .object({
          fieldId: z.string(),
          name: z.string().catch(''),
          required: z.boolean().catch(false),
          hasDefaultValue: z.boolean().optional().catch(undefined),
          allowedValues: z.array(z.unknown()).optional().catch(undefined),
        })
        .loose(),
    )
    .catch([]),
  total: z.number().optional(),
});

/**
 * Reads the create screen of `projectKey` for the issue type named `issueType`: the project's issue types
 * (`GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes`), then that type's fields
 * (`GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`), both paged. Component names
 * are the `allowedValues` of the `components` field (the components that exist in the project).
 *
 * @throws ConfigError when the issue type is not one of the project's (names the ones that exist)
 * @throws ExternalServiceError when Jira fails (404: no such project or no Create issues permission)
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-get
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-issuetypeid-get
 */
export async function readCreateScreen(
  context: JiraContext,
  projectKey: string,
  issueType: string,
): Promise<CreateScreen> {
  const { client, retry } = context;
  const types: Array<{ id: string; name: string }> = [];
  for (let startAt = 0; ; startAt += PAGE) {
    const page = IssueTypes.parse(
      await withJiraRetry(
        () => client.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: projectKey, startAt, maxResults: PAGE }),
        `read the issue types of project ${projectKey}`,
        retry,
      ),
    );
    types.push(...page.issueTypes);
    if (page.issueTypes.length === 0 || types.length >= (page.total ?? types.length)) break;
  }
  const type = types.find((t) => t.name.toLowerCase() === issueType.toLowerCase());
  if (type === undefined) {
    throw new ConfigError(
      `jira.issueType "${issueType}" is not an issue type of project ${projectKey} (it has: ${types.map((t) => t.name).join(', ') || 'none'}) — fix: set jira.issueType to one of them`,
    );
  }
  const fields: ScreenField[] = [];
  let components: string[] = [];
  for (let startAt = 0; ; startAt += PAGE) {
    const page = Fields.parse(
      await withJiraRetry(
        () =>
          client.issues.getCreateIssueMetaIssueTypeId({
            projectIdOrKey: projectKey,
            issueTypeId: type.id,
            startAt,
            maxResults: PAGE,
          }),
        `read the create screen of project ${projectKey}`,
        retry,
      ),
    );
    for (const field of page.fields) {
      fields.push({
        id: field.fieldId,
        name: field.name === '' ? field.fieldId : field.name,
        required: field.required,
        hasDefaultValue: field.hasDefaultValue === true,
      });
      if (field.fieldId === 'components') {
        components = (field.allowedValues ?? []).flatMap((v) => {
          const name = (v as { name?: unknown }).name;
          return typeof name === 'string' ? [name] : [];
        });
      }
    }
    if (page.fields.length === 0 || fields.length >= (page.total ?? fields.length)) break;
  }
  return { projectKey, issueType: type.name, issueTypeId: type.id, fields, components };
}

/**
 * The field ids on the edit screen of an issue (`GET /rest/api/3/issue/{issueIdOrKey}/editmeta`).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-editmeta-get
 */
export async function readEditableFields(context: JiraContext, id: string): Promise<Set<string>> {
  const meta = await withJiraRetry(
    () => context.client.issues.getEditIssueMeta({ issueIdOrKey: id }),
    `read the edit screen of issue ${id}`,
    context.retry,
  );
  return new Set(Object.keys(meta.fields ?? {}));
}
