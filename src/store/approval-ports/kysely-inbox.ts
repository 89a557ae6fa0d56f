import type { InboxPort } from '../../intake/inbox-port.ts';
import type { InboxQueuePort } from '../../intake/queue-ports.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import {
  claimNextDueDelivery,
  completeDelivery,
  deferDelivery,
  failDelivery,
  isDeliveryRecorded,
  recordDelivery,
  releaseStaleDeliveries,
} from '../inbox-store.ts';

/** InboxPort (webhook intake, atomic on deliveryId) and the worker's InboxQueuePort over table `inbox`. */
export function createKyselyInbox(handle: DatabaseHandle): InboxPort & InboxQueuePort {
  return {
    recordDelivery: (delivery) => recordDelivery(handle, delivery),
    isRecorded: (delivery) => isDeliveryRecorded(handle, delivery),
    async claimNext(workerId, now) {
      const row = await claimNextDueDelivery(handle, workerId, now);
      if (row === undefined) return undefined;
      const source =
        row.source === 'jira-automation' || row.source === 'jira-poll' ? row.source : ('jira-webhook' as const);
      return {
        deliveryId: row.deliveryId,
        source,
        receivedAt: row.receivedAt,
        body: row.body,
        attempts: row.attempts,
      };
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
