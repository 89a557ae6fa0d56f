import type { DatabaseHandle } from '../database-handle.ts';
import { countPending as countInbox } from '../inbox-store.ts';
import { countPending as countOutbox } from '../outbox-store.ts';

/** Inbox and outbox backlog and the number of actions per state, for `/metrics`. */
export async function readLevels(
  handle: DatabaseHandle,
): Promise<{ inboxPending: number; outboxPending: number; actionsByState: Record<string, number> }> {
  const rows = await handle.db
    .selectFrom('actions')
    .select((eb) => ['state', eb.fn.countAll<number | string>().as('n')])
    .groupBy('state')
    .execute();
  return {
    inboxPending: await countInbox(handle),
    outboxPending: await countOutbox(handle),
    actionsByState: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])),
  };
}
