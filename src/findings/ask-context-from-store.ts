import type { IssueRecord } from '../records/store.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { Finding } from './finding.ts';
import { StoredFinding } from './issue-property.ts';

/** What `/lakewarden ask` may read about one issue; `findings` undefined = the last scan's findings are not kept. */
export interface StoredAskContext {
  finding: Finding;
  snapshot: Snapshot | undefined;
  findings: readonly Finding[] | undefined;
}

export type AskContextLoad =
  | { ok: true; context: StoredAskContext }
  | { ok: false; reason: 'no-property' | 'fingerprint-mismatch' };

/**
 * Builds the read-only context of an answer from what lakewarden keeps about the issue:
 * - the finding from the issue's `lakewarden` entity property (as re-fetched from Jira). The property holds
 *   no resource name, tags, owners, rule title or template: the name is the resource id, tags and owners
 *   are empty (so nothing about them can be answered), the rule title is the rule id;
 * - the store's `issues` row, when there is one, must name the same fingerprint (the store is the source of
 *   truth for which finding an issue is about; a property edited by hand is not trusted);
 * - no snapshot and no list of current findings: the store keeps neither, so the snapshot tools and
 *   `get_related_findings` answer "not available" instead of inventing data.
 */
export function askContextFromStore(input: { property: unknown; record: IssueRecord | undefined }): AskContextLoad {
  const parsed = StoredFinding.safeParse(input.property);
  if (!parsed.success) return { ok: false, reason: 'no-property' };
  const stored = parsed.data;
  if (input.record !== undefined && input.record.fingerprint !== stored.fingerprint)
    return { ok: false, reason: 'fingerprint-mismatch' };
  const finding: Finding = {
    fingerprint: stored.fingerprint,
    ruleId: stored.ruleId,
    ruleTitle: stored.ruleId,
    category: stored.category,
    severity: stored.severity,
    resource: { ...stored.resource, name: stored.resource.id, tags: {}, owners: {} },
    window: stored.window,
    evidence: stored.evidence.map((e) => ({
      fact: e.fact,
      label: e.label,
      value: e.value,
      unit: e.unit,
      ...(e.threshold === undefined ? {} : { threshold: e.threshold }),
    })),
    estimate: stored.estimate,
    plan: stored.plan,
    template: '',
    params: {},
  };
  return { ok: true, context: { finding, snapshot: undefined, findings: undefined } };
}
