import type { IssueDraft } from '../tickets/issue-tracker.ts';
import { PROPERTY_KEY } from './to-tracked-issue.ts';

/** Where a draft goes: project, issue type and the optional savings number custom field id. */
export interface IssueTarget {
  projectKey: string;
  issueType: string;
  /** e.g. `customfield_10050`; undefined leaves savings out of the fields. */
  savingsFieldId: string | undefined;
  /** e.g. `customfield_10052`; undefined leaves the excess cost of anomaly findings out of the fields. */
  excessFieldId?: string | undefined;
}

/**
 * The `fields` of a create or edit: summary, ADF description, labels, assignee `{accountId}` (omitted when
 * unknown, so an edit never unassigns a person), components `[{name}]` and the savings number field.
 * `project` and `issuetype` are included only for a create.
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
    components: draft.components.map((name) => ({ name })),
  };
  if (mode === 'create') {
    fields.project = { key: target.projectKey };
    fields.issuetype = { name: target.issueType };
  }
  if (draft.assigneeAccountId !== undefined) fields.assignee = { accountId: draft.assigneeAccountId };
  if (target.savingsFieldId !== undefined && draft.estimatedSavingsUsd !== undefined) {
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
