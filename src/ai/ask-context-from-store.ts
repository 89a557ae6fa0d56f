import { z } from 'zod';
import type { Finding } from '../findings/finding.ts';
import type { IssueRecord } from '../records/store.ts';
import { RESOURCE_KINDS, type Snapshot } from '../snapshot/schema.ts';

const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/**
 * The finding as `propertyFor` (src/tickets/build-draft.ts, schema 1) stores it in the `lakewarden` issue
 * entity property. Parsed permissively (unknown keys ignored) but every field the answer shows is required:
 * nothing is filled in with a guess.
 */
const StoredFinding = z.object({
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  category: z.enum(['cost', 'reliability', 'governance']),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  resource: z.object({ workspaceId: z.string(), kind: z.enum(RESOURCE_KINDS), id: z.string() }),
  window: z.object({ start: z.string(), end: z.string(), days: z.number() }),
  estimate: z.object({ usdPerMonth: z.number(), formula: z.string(), usdPerDbu: z.number().nullable() }),
  plan: z.object({
    strategy: z.string(),
    autonomy: z.enum(['manual', 'approval', 'auto']),
    args: z.record(z.string(), z.unknown()),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    risk: z.string(),
    restarts: z.boolean(),
  }),
  evidence: z.array(
    z.object({
      fact: z.string(),
      label: z.string(),
      value: Scalar,
      unit: z.string(),
      threshold: z.string().optional(),
    }),
  ),
});

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
