import type { OutboxQueuePort } from '../../intake/queue-ports.ts';
import type { JsonValue } from '../../json/canonical-json.ts';
import type { OutboxPort } from '../../remediation/ports.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import { claimDue, enqueue, markFailed, markSent } from '../outbox-store.ts';

/** How long a claimed message stays hidden from other relays (ms). */
const VISIBILITY_MS = 60_000;

/**
 * OutboxPort (enqueue, idempotent on dedupeKey) and the relay's OutboxQueuePort over the `outbox`
 * table. Pass a transaction's handle to enqueue atomically with an action's state change.
 */
export function createKyselyOutbox(handle: DatabaseHandle, now: () => Date): OutboxPort & OutboxQueuePort {
  return {
    async enqueue(item) {
      await enqueue(
        handle,
        {
          actionId: item.actionId,
          kind: item.kind,
          issueId: item.issueId,
          payload: JSON.parse(JSON.stringify(item.payload)) as JsonValue,
          dedupeKey: item.dedupeKey,
        },
        now(),
      );
    },
    async claimDue(at, limit) {
      const messages = await claimDue(handle, at, limit, VISIBILITY_MS);
      return messages.map((m) => ({
        id: m.id,
        actionId: m.actionId,
        kind: m.kind,
        issueId: m.issueId,
        payload: m.payload,
        dedupeKey: m.dedupeKey,
        attempts: m.attempts,
      }));
    },
    async markSent(id, at) {
      await markSent(handle, id, at);
    },
    async markFailed(id, error, retryAt) {
      await markFailed(handle, id, error, retryAt);
    },
  };
}
