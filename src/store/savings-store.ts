import { canonicalJson } from '../json/canonical-json.ts';
import type { SavingsLedgerRecord } from '../records/savings-ledger.ts';
import type { DatabaseHandle } from './database-handle.ts';

/** The `savings_ledger` table (migration 004). Money: USD as double; days `YYYY-MM-DD`; JSON as text. */
export interface SavingsLedgerTable {
  measurement_key: string;
  action_id: string | null;
  fingerprint: string;
  issue_id: string;
  rule_id: string;
  workspace_id: string;
  resource_kind: string;
  resource_id: string;
  change_at: string;
  before_from: string;
  before_to: string;
  after_from: string;
  after_to: string;
  before_usd_per_day: number;
  after_usd_per_day: number;
  verified_usd_per_month: number;
  normaliser: string;
  formula: string;
  confidence: string;
  reasons: string;
  confounders: string;
  price_basis: string;
  status: string;
  measured_at: string;
  posted_at: string | null;
}

/** The store's kysely instance typed with the ledger table (kept out of the shared `Database` interface). */
function ledger(handle: DatabaseHandle) {
  return handle.db.withTables<{ savings_ledger: SavingsLedgerTable }>();
}

/**
 * Records a measurement with `INSERT … ON CONFLICT (measurement_key) DO NOTHING`: across replicas and
 * reruns exactly one caller stores a given change's measurement.
 *
 * @returns true when this call stored the row, false when the key was already measured.
 */
export async function recordSavingsMeasurement(handle: DatabaseHandle, record: SavingsLedgerRecord): Promise<boolean> {
  const result = await ledger(handle)
    .insertInto('savings_ledger')
    .values({
      measurement_key: record.measurementKey,
      action_id: record.actionId,
      fingerprint: record.fingerprint,
      issue_id: record.issueId,
      rule_id: record.ruleId,
      workspace_id: record.workspaceId,
      resource_kind: record.resourceKind,
      resource_id: record.resourceId,
      change_at: record.changeAt,
      before_from: record.beforeFrom,
      before_to: record.beforeTo,
      after_from: record.afterFrom,
      after_to: record.afterTo,
      before_usd_per_day: record.beforeUsdPerDay,
      after_usd_per_day: record.afterUsdPerDay,
      verified_usd_per_month: record.verifiedUsdPerMonth,
      normaliser: record.normaliser,
      formula: record.formula,
      confidence: record.confidence,
      reasons: canonicalJson(record.reasons),
      confounders: canonicalJson(record.confounders),
      price_basis: record.priceBasis,
      status: record.status,
      measured_at: record.measuredAt,
      posted_at: record.postedAt,
    })
    .onConflict((oc) => oc.column('measurement_key').doNothing())
    .returning('measurement_key')
    .executeTakeFirst();
  return result !== undefined;
}

/** Marks a measurement as posted to Jira (comment + field written). @returns false when it was not `measured`. */
export async function markSavingsPosted(handle: DatabaseHandle, measurementKey: string, now: Date): Promise<boolean> {
  const result = await ledger(handle)
    .updateTable('savings_ledger')
    .set({ status: 'posted', posted_at: now.toISOString() })
    .where('measurement_key', '=', measurementKey)
    .where('status', '=', 'measured')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** @returns the measurement with this key, or undefined. */
export async function getSavingsMeasurement(
  handle: DatabaseHandle,
  measurementKey: string,
): Promise<SavingsLedgerRecord | undefined> {
  const row = await ledger(handle)
    .selectFrom('savings_ledger')
    .selectAll()
    .where('measurement_key', '=', measurementKey)
    .executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** Every measurement, oldest change first; `status` filters when given. */
export async function listSavingsLedger(
  handle: DatabaseHandle,
  status?: SavingsLedgerRecord['status'],
): Promise<SavingsLedgerRecord[]> {
  let query = ledger(handle).selectFrom('savings_ledger').selectAll();
  if (status !== undefined) query = query.where('status', '=', status);
  const rows = await query.orderBy('change_at').orderBy('measurement_key').execute();
  return rows.map(toRecord);
}

function toRecord(row: SavingsLedgerTable): SavingsLedgerRecord {
  return {
    measurementKey: row.measurement_key,
    actionId: row.action_id,
    fingerprint: row.fingerprint,
    issueId: row.issue_id,
    ruleId: row.rule_id,
    workspaceId: row.workspace_id,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    changeAt: row.change_at,
    beforeFrom: row.before_from,
    beforeTo: row.before_to,
    afterFrom: row.after_from,
    afterTo: row.after_to,
    beforeUsdPerDay: Number(row.before_usd_per_day),
    afterUsdPerDay: Number(row.after_usd_per_day),
    verifiedUsdPerMonth: Number(row.verified_usd_per_month),
    normaliser: row.normaliser,
    formula: row.formula,
    confidence: row.confidence as SavingsLedgerRecord['confidence'],
    reasons: JSON.parse(row.reasons) as string[],
    confounders: JSON.parse(row.confounders) as string[],
    priceBasis: row.price_basis,
    status: row.status as SavingsLedgerRecord['status'],
    measuredAt: row.measured_at,
    postedAt: row.posted_at,
  };
}
