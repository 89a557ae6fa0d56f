import type { SnoozeRecord } from '../records/store.ts';
import type { DatabaseHandle } from './database-handle.ts';

/** Every snooze row (expired ones included; callers compare `until` with their clock). */
export async function listSnoozes(handle: DatabaseHandle): Promise<SnoozeRecord[]> {
  const rows = await handle.db.selectFrom('snoozes').selectAll().orderBy('fingerprint').execute();
  return rows.map((r) => ({
    fingerprint: r.fingerprint,
    issueId: r.issue_id,
    issueKey: r.issue_key,
    until: r.until,
    byAccountId: r.by_account_id,
    byName: r.by_name,
    reason: r.reason,
    source: r.source,
    createdAt: r.created_at,
  }));
}

/**
 * Records a snooze for the fingerprint, replacing an older one. The same `source` again (a second delivery of one
 * comment, by webhook and poll) changes nothing. @returns 'recorded' or 'duplicate'.
 */
export async function upsertSnooze(handle: DatabaseHandle, record: SnoozeRecord): Promise<'recorded' | 'duplicate'> {
  const row = {
    fingerprint: record.fingerprint,
    issue_id: record.issueId,
    issue_key: record.issueKey,
    until: record.until,
    by_account_id: record.byAccountId,
    by_name: record.byName,
    reason: record.reason,
    source: record.source,
    created_at: record.createdAt,
  };
  const { fingerprint: _key, ...changes } = row;
  const result = await handle.db
    .insertInto('snoozes')
    .values(row)
    .onConflict((oc) => oc.column('fingerprint').doUpdateSet(changes).where('snoozes.source', '<>', record.source))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? 'recorded' : 'duplicate';
}
