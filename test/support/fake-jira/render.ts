import type { FakeIssue, FakeJiraState, FakeStatus, FakeUser } from './types.ts';

const CATEGORY = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

/** Jira's timestamp format, e.g. `2026-09-25T08:02:11.400+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A user as REST v3 shows it; the email is left out when the user hides it. */
export function renderUser(state: FakeJiraState, user: FakeUser): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    avatarUrls: { '48x48': `${state.baseUrl}/avatar/48.png` },
    displayName: user.displayName,
    active: user.active,
    timeZone: 'Etc/UTC',
    accountType: user.accountType,
    ...(user.emailHidden ? {} : { emailAddress: user.emailAddress }),
  };
}

export function renderUserById(state: FakeJiraState, accountId: string | null): Record<string, unknown> | null {
  if (accountId === null) return null;
  const user = state.users.find((u) => u.accountId === accountId);
  return user === undefined ? { accountId, displayName: accountId, active: false } : renderUser(state, user);
}

/** A status with its statusCategory, shaped like fixtures/jira/rest-transitions.json `to`. */
export function renderStatus(state: FakeJiraState, status: FakeStatus): Record<string, unknown> {
  const category = CATEGORY[status.category];
  return {
    self: `${state.baseUrl}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${state.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${state.baseUrl}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
}

export function statusByName(state: FakeJiraState, name: string): FakeStatus {
  const status = state.workflow.statuses.find((s) => s.name === name);
  if (status === undefined) throw new Error(`fake Jira: unknown status "${name}" in the workflow`);
  return status;
}

/** Every field of an issue as Jira would return it for `fields=*all`. */
function allFields(state: FakeJiraState, issue: FakeIssue): Record<string, unknown> {
  const project = state.projects.find((p) => p.key === issue.projectKey);
  return {
    summary: issue.summary,
    description: issue.description,
    status: renderStatus(state, statusByName(state, issue.statusName)),
    labels: [...issue.labels],
    assignee: renderUserById(state, issue.assigneeAccountId),
    reporter: renderUserById(state, issue.reporterAccountId),
    components: issue.components.map((name, i) => ({
      self: `${state.baseUrl}/rest/api/3/component/${i}`,
      id: String(i),
      name,
    })),
    issuetype: { id: '10002', name: issue.issueType },
    project: { id: project?.id ?? '10000', key: issue.projectKey, name: project?.name ?? issue.projectKey },
    created: issue.created,
    updated: issue.updated,
    ...issue.customFields,
  };
}

/**
 * An issue shaped like fixtures/jira/rest-search-jql-*.json: `expand`, `id`, `self`, `key`, the requested
 * `fields` (`*all`/`*navigable` = all; none = no `fields`, as Jira's default for /search/jql is id only)
 * and, when property keys are requested, `properties` holding those that exist.
 */
export function renderIssue(
  state: FakeJiraState,
  issue: FakeIssue,
  fieldNames: readonly string[] | undefined,
  propertyKeys: readonly string[] | undefined,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    expand: '',
    id: issue.id,
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  if (fieldNames !== undefined && fieldNames.length > 0) {
    const all = allFields(state, issue);
    const wantsAll = fieldNames.includes('*all') || fieldNames.includes('*navigable');
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(all)) {
      if (wantsAll || fieldNames.includes(name)) fields[name] = value;
    }
    for (const name of fieldNames) {
      if (name.startsWith('customfield_') && !(name in fields)) fields[name] = null;
    }
    rendered.fields = fields;
  }
  if (propertyKeys !== undefined && propertyKeys.length > 0) {
    const properties: Record<string, unknown> = {};
    for (const key of propertyKeys) {
      if (key in issue.properties) properties[key] = issue.properties[key];
    }
    rendered.properties = properties;
  }
  return rendered;
}
