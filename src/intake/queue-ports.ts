import type { InboxDelivery } from './inbox-port.ts';

/** A delivery claimed by one worker (status processing in store table `inbox`). */
export interface ClaimedDelivery extends InboxDelivery {
  /** Claims so far, this one included. */
  attempts: number;
}

/**
 * The worker side of the durable inbox. Claims are exclusive across workers and replicas (Postgres
 * `FOR UPDATE SKIP LOCKED`, SQLite one `UPDATE … RETURNING`).
 */
export interface InboxQueuePort {
  /** The oldest due pending delivery, now claimed by `workerId`; undefined when none is due. */
  claimNext(workerId: string, now: Date): Promise<ClaimedDelivery | undefined>;
  complete(deliveryId: string, workerId: string, now: Date): Promise<void>;
  /** Back to pending, claimable again from `notBefore` (retry with backoff). */
  defer(deliveryId: string, workerId: string, error: string, notBefore: Date): Promise<void>;
  /** Given up (status failed) for an operator. */
  fail(deliveryId: string, workerId: string, error: string, now: Date): Promise<void>;
  /** Re-queues deliveries whose worker died (claimed before `claimedBefore`). @returns how many. */
  releaseStale(claimedBefore: Date): Promise<number>;
}

/** One Jira write waiting in the outbox, claimed by a relay. */
export interface OutboxMessageRef {
  id: string;
  actionId: string | null;
  kind: 'comment' | 'transition' | 'field';
  issueId: string;
  payload: unknown;
  dedupeKey: string;
  /** Sends tried so far, this one included. */
  attempts: number;
}

/** The relay side of the outbox (store table `outbox`). */
export interface OutboxQueuePort {
  /** Up to `limit` due messages, hidden from other relays for a visibility timeout. */
  claimDue(now: Date, limit: number): Promise<OutboxMessageRef[]>;
  markSent(id: string, now: Date): Promise<void>;
  /** `retryAt` null = give up (status failed). */
  markFailed(id: string, error: string, retryAt: Date | null): Promise<void>;
}
