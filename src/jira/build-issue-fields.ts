import type { JiraSection } from '../config/jira-section.ts';
import { ExternalServiceError } from '../errors.ts';
import { PROPERTY_KEY } from '../findings/issue-property.ts';
import type { IssueDraft } from '../tracker/issue-tracker.ts';

/** Where a draft goes: default project (a draft's own `projectKey` wins), issue type, savings field id. */
export interface IssueTarget {
  projectKey: string;
  issueType: string;
  /** Project key → issue type id read from its create metadata; the id is sent when known, else the name. */
  issueTypeIds?: ReadonlyMap<string, string>;
  /** e.g. `customfield_10050`; undefined leaves savings out of the fields. */
  savingsFieldId: string | undefined;
  /** e.g. `customfield_10052`; undefined leaves the excess cost of anomaly findings out of the fields. */
  excessFieldId?: string | undefined;
}

/**
 * The `fields` of a create or edit: summary, ADF description, labels, assignee `{accountId}` (omitted when
 * unknown, so an edit never unassigns a person), components `[{name}]` and the savings number field — the
 * last two only when `draft.onScreen` says the screen has them (Jira refuses a field that is not on the screen
 * with 400 "Field 'components' cannot be set. It is not on the appropriate screen, or unknown."); a create
 * sends components only when there are some, and `priority: {name}` only when the screen has Priority (an edit
 * never changes a priority people set). `project` and `issuetype` are included only for a create.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export function buildIssueFields(
  draft: IssueDraft,
  target: IssueTarget,
  mode: 'create' | 'edit',
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    summary: draft.summary,
    description: draft.description,
    labels: draft.labels,
  };
  if (draft.onScreen.components && (mode === 'edit' || draft.components.length > 0)) {
    fields.components = draft.components.map((name) => ({ name }));
  }
  if (mode === 'create') {
    const projectKey = draft.projectKey ?? target.projectKey;
    fields.project = { key: projectKey };
    const typeId = target.issueTypeIds?.get(projectKey);
    fields.issuetype = typeId === undefined ? { name: target.issueType } : { id: typeId };
  }
  if (mode === 'create' && draft.priority !== undefined && draft.onScreen.priority === true) {
    fields.priority = { name: draft.priority };
  }
  if (draft.assigneeAccountId !== undefined) fields.assignee = { accountId: draft.assigneeAccountId };
  if (
    target.savingsFieldId !== undefined &&
    draft.onScreen.estimatedSavings &&
    draft.estimatedSavingsUsd !== undefined
  ) {
    fields[target.savingsFieldId] = draft.estimatedSavingsUsd;
  }
  if (target.excessFieldId !== undefined && draft.excessCostUsd !== undefined) {
    fields[target.excessFieldId] = draft.excessCostUsd;
  }
  return fields;
}

/** The `lakewarden` entity property value: the finding plus contentHash and estimatedSavingsUsd. */
export function buildPropertyValue(draft: IssueDraft): Record<string, unknown> {
  return {
    ...draft.property,
    contentHash: draft.contentHash,
    ...(draft.estimatedSavingsUsd === undefined ? {} : { estimatedSavingsUsd: draft.estimatedSavingsUsd }),
    ...(draft.excessCostUsd === undefined ? {} : { excessCostUsd: draft.excessCostUsd }),
  };
}

/** The entity properties set in the create request itself (no second call). */
export function buildCreateProperties(draft: IssueDraft): Array<{ key: string; value: unknown }> {
  return [{ key: PROPERTY_KEY, value: buildPropertyValue(draft) }];
}

/** The target of an adapter's writes from the `jira:` section; `issueTypeIds` is filled as screens are read. */
export function issueTargetOf(projectKey: string, jira: JiraSection, issueTypeIds: Map<string, string>): IssueTarget {
  return {
    projectKey,
    issueType: jira.issueType,
    issueTypeIds,
    savingsFieldId: jira.fields.estimatedSavings,
    excessFieldId: jira.fields.excessCost,
  };
}

/** The issue fields a tracked issue is read with (`toTrackedIssue`), the savings field included when configured. */
export function trackedFieldsOf(target: IssueTarget): string[] {
  return ['summary', 'status', 'labels', 'updated', ...(target.savingsFieldId ? [target.savingsFieldId] : [])];
}

/**
 * Drops the fields that are not on the issue's edit screen (`editable`: the keys of `…/editmeta` `fields`).
 * @throws ExternalServiceError naming the fix when summary, description or labels cannot be edited
 */
export function fitToEditScreen(
  id: string,
  fields: Record<string, unknown>,
  editable: ReadonlySet<string>,
): Record<string, unknown> {
  const missing = ['summary', 'description', 'labels'].filter((f) => !editable.has(f));
  if (missing.length > 0) {
    throw new ExternalServiceError(
      'jira',
      `Jira's edit screen of issue ${id} lacks ${missing.join(', ')}, which lakewarden needs to keep the issue current — fix: add them to the project's edit screen`,
    );
  }
  return Object.fromEntries(Object.entries(fields).filter(([field]) => editable.has(field)));
}
