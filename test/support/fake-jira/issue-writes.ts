import { nextId, tick } from './route.ts';
import { findProject, onScreen, screenFields } from './screens.ts';
import type { FakeIssue, FakeJiraState } from './types.ts';

const SYSTEM_FIELDS = new Set([
  'summary',
  'description',
  'labels',
  'assignee',
  'components',
  'priority',
  'project',
  'issuetype',
]);

/** Jira's refusal of a field that is not on the screen (ErrorCollection `errors` entry). */
export function notOnScreen(fieldId: string): string {
  return `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

export type WriteOutcome = { ok: true } | { ok: false; errors: Record<string, string> };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Applies `fields` and `update.labels` of a create or edit to `issue`, validating like Jira does
 * (summary required and ≤ 255, labels without whitespace, known assignee, existing components, custom fields
 * that exist and take numbers when they are float fields). Nothing is changed when a field is invalid.
 */
export function applyIssueFields(
  state: FakeJiraState,
  issue: FakeIssue,
  fieldsInput: unknown,
  updateInput: unknown,
): WriteOutcome {
  const fields = asRecord(fieldsInput);
  const errors: Record<string, string> = {};
  const next = structuredClone(issue);
  const project = findProject(state, issue.projectKey);
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'project' || name === 'issuetype') continue;
    if (project !== undefined && !onScreen(state, project, name)) {
      errors[name] = notOnScreen(name);
    } else if (name === 'priority') {
      const priority = asRecord(value).name;
      if (typeof priority !== 'string') errors.priority = 'Priority name is required.';
    } else if (name === 'summary') {
      if (typeof value !== 'string' || value.trim() === '') errors.summary = 'You must specify a summary of the issue.';
      else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
      else next.summary = value;
    } else if (name === 'description') {
      next.description = value;
    } else if (name === 'labels') {
      const labels = Array.isArray(value) ? value.map(String) : [];
      const bad = labels.find((l) => /\s/.test(l));
      if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
      else next.labels = labels;
    } else if (name === 'assignee') {
      const accountId = value === null ? null : asRecord(value).accountId;
      if (accountId === null) next.assigneeAccountId = null;
      else if (typeof accountId === 'string' && state.users.some((u) => u.accountId === accountId && u.active))
        next.assigneeAccountId = accountId;
      else errors.assignee = `User '${String(accountId)}' cannot be assigned issues.`;
    } else if (name === 'components') {
      const names = (Array.isArray(value) ? value : []).map((c) => String(asRecord(c).name));
      const unknown = names.find((n) => !(project?.components ?? []).includes(n));
      if (unknown !== undefined) errors.components = `Component name '${unknown}' is not valid`;
      else next.components = names;
    } else {
      const field = state.fields.find((f) => f.id === name && f.custom);
      if (field === undefined || SYSTEM_FIELDS.has(name)) {
        errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
      } else if (field.schema.type === 'number' && value !== null && typeof value !== 'number') {
        errors[name] = 'Operation value must be a number';
      } else {
        next.customFields[name] = value;
      }
    }
  }
  const labelOps = asRecord(updateInput).labels;
  if (Array.isArray(labelOps) && project !== undefined && !onScreen(state, project, 'labels')) {
    errors.labels = notOnScreen('labels');
  } else if (Array.isArray(labelOps)) {
    for (const op of labelOps.map(asRecord)) {
      if (typeof op.add === 'string' && !next.labels.includes(op.add)) next.labels.push(op.add);
      if (typeof op.remove === 'string') next.labels = next.labels.filter((l) => l !== op.remove);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  Object.assign(issue, next);
  return { ok: true };
}

/** Sets entity properties given as `[{key, value}]` (create/edit/transition bodies). */
export function applyProperties(issue: FakeIssue, properties: unknown): void {
  if (!Array.isArray(properties)) return;
  for (const property of properties.map(asRecord)) {
    if (typeof property.key === 'string') issue.properties[property.key] = structuredClone(property.value);
  }
}

export type CreateOutcome = { ok: true; issue: FakeIssue } | { ok: false; errors: Record<string, string> };

/** Creates one issue from a `{fields, update, properties}` body, allocating id and key `<PROJECT>-<n>`. */
export function createFakeIssue(state: FakeJiraState, body: unknown, callerAccountId: string): CreateOutcome {
  const { fields, update, properties } = asRecord(body);
  const f = asRecord(fields);
  const projectKey = String(asRecord(f.project).key ?? '');
  const project = state.projects.find((p) => p.key === projectKey);
  if (project === undefined) return { ok: false, errors: { project: 'valid project is required' } };
  const typeInput = asRecord(f.issuetype);
  const type = project.issueTypes.find((t) => t.id === typeInput.id || t.name === typeInput.name);
  if (type === undefined) return { ok: false, errors: { issuetype: 'Specify a valid issue type' } };
  const issueType = type.name;
  if (!('summary' in f)) return { ok: false, errors: { summary: 'You must specify a summary of the issue.' } };
  const missing = screenFields(state, project).filter(
    (field) => field.required && !['project', 'issuetype'].includes(field.fieldId) && !(field.fieldId in f),
  );
  if (missing.length > 0) {
    return { ok: false, errors: Object.fromEntries(missing.map((m) => [m.fieldId, `${m.name} is required.`])) };
  }
  const created = new Date(state.now).toISOString().replace('Z', '+0000');
  const draft: FakeIssue = {
    id: '',
    key: '',
    projectKey,
    issueType,
    statusName: state.workflow.initialStatus,
    assigneeAccountId: null,
    reporterAccountId: callerAccountId,
    summary: '',
    description: null,
    labels: [],
    components: [],
    customFields: {},
    properties: {},
    comments: [],
    changelog: [],
    created,
    updated: created,
    indexed: !state.eventualConsistency,
  };
  const outcome = applyIssueFields(state, draft, fields, update);
  if (!outcome.ok) return outcome;
  applyProperties(draft, properties);
  draft.id = nextId(state);
  state.nextIssueNumber += 1;
  draft.key = `${projectKey}-${state.nextIssueNumber}`;
  draft.created = tick(state);
  draft.updated = draft.created;
  state.issues.push(draft);
  return { ok: true, issue: draft };
}
