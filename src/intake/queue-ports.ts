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

/**
 * An inbox queue that also settles and claims in batches (the serve loop's worker, approvals/inbox-worker.ts
 * runInboxBatch): fewer commits per delivery than claimNext + complete.
 */
export interface InboxBatchQueuePort extends InboxQueuePort {
  /**
   * In one transaction: marks `completed` done and puts `released` (claimed, never started) back to pending as if
   * never claimed (attempts − 1), both only while still claimed by `workerId`; then claims up to `limit` due
   * deliveries (0: none), exclusive across workers as claimNext.
   *
   * @returns the claimed deliveries, oldest first. @throws when the store fails (then nothing changed).
   */
  settleAndClaim(
    settlement: { completed: readonly string[]; released: readonly string[] },
    workerId: string,
    now: Date,
    limit: number,
  ): Promise<ClaimedDelivery[]>;
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
