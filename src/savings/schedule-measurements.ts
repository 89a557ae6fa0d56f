import type { SavingsSection } from '../config/savings-section.ts';
import type { JsonValue } from '../json/canonical-json.ts';
import type { SavingsLedger, SavingsLedgerRecord } from '../records/savings-ledger.ts';
import type { Store } from '../records/store.ts';
import type { BillingSource } from '../snapshot/billing-source.ts';
import type { ResourceRef } from '../snapshot/schema.ts';
import type { SavingsTracker } from '../tracker/issue-tracker.ts';
import { findDueMeasurements, type MeasurementCandidate } from './find-due-measurements.ts';
import { measureSavings } from './measure-savings.ts';
import { normaliserFor } from './normaliser-for.ts';
import { renderSavingsComment } from './render-savings-comment.ts';
import type { ResourceChange } from './savings-measurement.ts';

/** Most actions read per run (newest first); older verified actions beyond this wait for a later run. */
const ACTION_LIMIT = 5000;

/** What {@link scheduleMeasurements} needs; all injected (composition root: main.ts). */
export interface ScheduleMeasurementsDeps {
  store: Pick<Store, 'listIssues'>;
  /** The ledger, verified actions and history (src/store/savings-ledger.ts). */
  ledger: SavingsLedger;
  billing: BillingSource;
  jira: SavingsTracker;
  savings: SavingsSection;
  /** `jira.fields.verifiedSavings` (e.g. customfield_10051); without it only the comment is posted. */
  verifiedFieldId: string | undefined;
  /**
   * Changes made to the resource by someone other than lakewarden after `after` (ISO) up to `until`
   * (`YYYY-MM-DD`, inclusive), e.g. from system.access.audit or the REST edit history. Absent = none known.
   */
  laterChanges?: (ref: ResourceRef, after: string, until: string) => Promise<ResourceChange[]>;
  now: () => Date;
}

/** What one run did. `failed` lists keys whose billing read or Jira update failed (retried on the next run). */
export interface ScheduleMeasurementsResult {
  measured: SavingsLedgerRecord[];
  posted: string[];
  failed: Array<{ key: string; error: string }>;
}

/**
 * Measures every due change once and reports it (idempotent, safe to run from several replicas):
 * 1. finds due measurements — verified actions and resolved manual findings whose after-window + latency
 *    has passed — minus those already in the ledger;
 * 2. reads billing for both windows, measures (`measureSavings`), and claims the ledger row by its unique
 *    key (`INSERT … ON CONFLICT DO NOTHING`; a lost race does nothing more);
 * 3. appends a `savings_measured` event to the history (hash chain; once per key);
 * 4. posts the ADF comment and writes the verified-savings number field, then marks the row `posted`.
 * Rows left `measured` by a failed Jira call are re-posted on the next run (the comment may then appear
 * twice if the first post succeeded but its answer was lost).
 *
 * A change whose billing cannot be read is listed in `failed` with nothing recorded, and stays due.
 *
 * @throws when the store itself fails.
 */
export async function scheduleMeasurements(deps: ScheduleMeasurementsDeps): Promise<ScheduleMeasurementsResult> {
  const now = deps.now();
  const [issues, actions, ledger] = await Promise.all([
    deps.store.listIssues(),
    deps.ledger.listVerifiedActions(ACTION_LIMIT),
    deps.ledger.list(),
  ]);
  const result: ScheduleMeasurementsResult = { measured: [], posted: [], failed: [] };

  for (const pending of ledger.filter((r) => r.status === 'measured')) {
    await post(deps, pending, await historyHashOf(deps, pending, now), result);
  }

  const due = findDueMeasurements({
    issues,
    actions,
    measuredKeys: new Set(ledger.map((r) => r.measurementKey)),
    savings: deps.savings,
    now,
  });
  for (const candidate of due) {
    let record: SavingsLedgerRecord;
    try {
      record = await measure(deps, candidate, now);
    } catch (error) {
      // Billing (or the change source) failed: nothing recorded; the change stays due for the next run.
      result.failed.push({ key: candidate.key, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!(await deps.ledger.record(record))) continue;
    const hash = await historyHashOf(deps, record, now);
    result.measured.push(record);
    await post(deps, record, hash, result);
  }
  return result;
}

async function measure(
  deps: ScheduleMeasurementsDeps,
  candidate: MeasurementCandidate,
  now: Date,
): Promise<SavingsLedgerRecord> {
  const { issue, windows } = candidate;
  const ref: ResourceRef = { workspaceId: issue.workspaceId, kind: candidate.kind, id: issue.resourceId };
  const [beforeRows, afterRows, laterChanges] = await Promise.all([
    deps.billing.costByDay(ref, windows.before.from, windows.before.to),
    deps.billing.costByDay(ref, windows.after.from, windows.after.to),
    deps.laterChanges?.(ref, candidate.changeAt, windows.after.to) ?? Promise.resolve([]),
  ]);
  const m = measureSavings({
    before: windows.before,
    after: windows.after,
    beforeRows,
    afterRows,
    normaliser: normaliserFor(issue.ruleId, candidate.kind, deps.savings),
    laterChanges,
    minDaysWithUsage: deps.savings.minDaysWithUsage,
    activityChangeWarnPct: deps.savings.activityChangeWarnPct,
  });
  return {
    measurementKey: candidate.key,
    actionId: candidate.actionId,
    fingerprint: issue.fingerprint,
    issueId: issue.issueId,
    ruleId: issue.ruleId,
    workspaceId: issue.workspaceId,
    resourceKind: candidate.kind,
    resourceId: issue.resourceId,
    changeAt: candidate.changeAt,
    beforeFrom: m.before.from,
    beforeTo: m.before.to,
    afterFrom: m.after.from,
    afterTo: m.after.to,
    beforeUsdPerDay: m.beforeUsdPerDay,
    afterUsdPerDay: m.afterUsdPerDay,
    verifiedUsdPerMonth: m.verifiedUsdPerMonth,
    normaliser: m.normaliser,
    formula: m.formula,
    confidence: m.confidence,
    reasons: m.reasons,
    confounders: m.confounders,
    priceBasis: m.priceBasis,
    status: 'measured',
    measuredAt: now.toISOString(),
    postedAt: null,
  };
}

async function post(
  deps: ScheduleMeasurementsDeps,
  record: SavingsLedgerRecord,
  historyHash: string,
  result: ScheduleMeasurementsResult,
): Promise<void> {
  try {
    await deps.jira.addComment(record.issueId, renderSavingsComment(record, historyHash));
    if (deps.verifiedFieldId !== undefined) {
      await deps.jira.setNumberField(record.issueId, deps.verifiedFieldId, record.verifiedUsdPerMonth);
    }
    await deps.ledger.markPosted(record.measurementKey, deps.now());
    result.posted.push(record.measurementKey);
  } catch (error) {
    result.failed.push({ key: record.measurementKey, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * The hash of a measurement's `savings_measured` history entry; appends the entry when an earlier run stored the
 * ledger row but failed before writing the history.
 */
async function historyHashOf(deps: ScheduleMeasurementsDeps, record: SavingsLedgerRecord, now: Date): Promise<string> {
  const actionId = record.actionId ?? record.measurementKey;
  const entries = await deps.ledger.readHistory(actionId);
  const existing = entries.findLast((e) => {
    const event = e.event;
    return (
      typeof event === 'object' &&
      event !== null &&
      !Array.isArray(event) &&
      event.kind === 'savings_measured' &&
      event.measurementKey === record.measurementKey
    );
  });
  if (existing !== undefined) return existing.hash;
  return (await deps.ledger.appendHistory(actionId, savingsEvent(record), now)).hash;
}

/** The `savings_measured` history event: both windows, the result, confidence, confounders, price basis. */
function savingsEvent(record: SavingsLedgerRecord): JsonValue {
  return {
    kind: 'savings_measured',
    measurementKey: record.measurementKey,
    issueId: record.issueId,
    fingerprint: record.fingerprint,
    before: { from: record.beforeFrom, to: record.beforeTo, usdPerDay: record.beforeUsdPerDay },
    after: { from: record.afterFrom, to: record.afterTo, usdPerDay: record.afterUsdPerDay },
    verifiedUsdPerMonth: record.verifiedUsdPerMonth,
    normaliser: record.normaliser,
    confidence: record.confidence,
    confounders: record.confounders,
    priceBasis: record.priceBasis,
  };
}
