import type { InboxPort } from '../../intake/inbox-port.ts';
import type { ClaimedDelivery, InboxBatchQueuePort } from '../../intake/queue-ports.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import { claimNextDueDelivery, settleAndClaimDeliveries } from '../inbox-batch-store.ts';
import {
  completeDelivery,
  deferDelivery,
  failDelivery,
  isDeliveryRecorded,
  recordDelivery,
  releaseStaleDeliveries,
  type InboxDelivery as StoredDelivery,
} from '../inbox-store.ts';

/** A stored row as the worker sees it (an unknown source is read as a webhook). */
function toClaimed(row: StoredDelivery): ClaimedDelivery {
  const source =
    row.source === 'jira-automation' || row.source === 'jira-poll' ? row.source : ('jira-webhook' as const);
  return { deliveryId: row.deliveryId, source, receivedAt: row.receivedAt, body: row.body, attempts: row.attempts };
}

/** InboxPort (webhook intake, atomic on deliveryId) and the worker's InboxBatchQueuePort over table `inbox`. */
export function createKyselyInbox(handle: DatabaseHandle): InboxPort & InboxBatchQueuePort {
  return {
    recordDelivery: (delivery) => recordDelivery(handle, delivery),
    isRecorded: (delivery) => isDeliveryRecorded(handle, delivery),
    async claimNext(workerId, now) {
      const row = await claimNextDueDelivery(handle, workerId, now);
      return row === undefined ? undefined : toClaimed(row);
    },
    async settleAndClaim(settlement, workerId, now, limit) {
      return (await settleAndClaimDeliveries(handle, workerId, settlement, { now, limit })).map(toClaimed);
    },
    async complete(deliveryId, workerId, now) {
      await completeDelivery(handle, deliveryId, workerId, now);
    },
    async defer(deliveryId, workerId, error, notBefore) {
      await deferDelivery(handle, deliveryId, workerId, error, notBefore);
    },
    async fail(deliveryId, workerId, error, now) {
      await failDelivery(handle, deliveryId, workerId, error, { retry: false, now });
    },
    releaseStale: (claimedBefore) => releaseStaleDeliveries(handle, claimedBefore),
  };
}
