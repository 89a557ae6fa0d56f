import type { AiTables } from '../ai/ai-tables.ts';
import { pruneAskData } from '../ai/ask-data.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { releaseStaleDeliveries } from '../store/inbox-store.ts';

/** What one housekeeping run did (row counts). */
export interface HousekeepingResult {
  releasedDeliveries: number;
  prunedBodies: number;
  expiredLeases: number;
  /** Rows of `/lakewarden ask` data older than `askDataRetentionDays` deleted. */
  prunedAskData: number;
}

/** Body kept for a pruned delivery: valid JSON that says what happened. */
export const PRUNED_BODY = '{"pruned":true}';

/**
 * Housekeeping (idempotent, safe on every replica):
 * 1. releases deliveries claimed more than `staleDeliveryMinutes` ago by a worker that stopped;
 * 2. replaces the body of processed (`done`/`failed`) deliveries older than `inboxRetentionDays` by
 *    {@link PRUNED_BODY} — the row and its delivery id stay, so a redelivery is still a duplicate;
 * 3. deletes leases expired for more than a day (the scheduler's per-slot leases accumulate otherwise);
 * 4. deletes `/lakewarden ask` data (ask-data.ts) saved more than `askDataRetentionDays` ago.
 */
export async function runHousekeeping(
  handle: DatabaseHandle,
  options: { now: Date; inboxRetentionDays: number; staleDeliveryMinutes: number; askDataRetentionDays?: number },
): Promise<HousekeepingResult> {
  const nowMs = options.now.getTime();
  const releasedDeliveries = await releaseStaleDeliveries(
    handle,
    new Date(nowMs - options.staleDeliveryMinutes * 60_000),
  );
  const pruned = await handle.db
    .updateTable('inbox')
    .set({ body: PRUNED_BODY })
    .where('status', 'in', ['done', 'failed'])
    .where('received_at', '<', new Date(nowMs - options.inboxRetentionDays * 86_400_000).toISOString())
    .where('body', '!=', PRUNED_BODY)
    .executeTakeFirst();
  const expired = await handle.db
    .deleteFrom('leases')
    .where('expires_at', '<', new Date(nowMs - 86_400_000).toISOString())
    .executeTakeFirst();
  const prunedAskData = await pruneAskData(
    handle.db.withTables<AiTables>(),
    new Date(nowMs - (options.askDataRetentionDays ?? 14) * 86_400_000),
  );
  return {
    prunedAskData,
    releasedDeliveries,
    prunedBodies: Number(pruned.numUpdatedRows),
    expiredLeases: Number(expired.numDeletedRows),
  };
}
