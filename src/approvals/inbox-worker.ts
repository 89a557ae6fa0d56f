import { parseWebhook, type WebhookHint } from '../intake/parse-webhook.ts';
import type { ClaimedDelivery, InboxBatchQueuePort, InboxQueuePort } from '../intake/queue-ports.ts';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import type { ProcessOutcome } from './process-approval.ts';

/** The log methods the worker uses (a pino logger fits). */
export interface WorkerLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface InboxWorkerDeps {
  queue: InboxQueuePort;
  /** processApproval, or the rollback dispatcher (service/dispatch-delivery.ts). */
  process: (hint: WebhookHint) => Promise<ProcessOutcome>;
  workerId: string;
  now: () => Date;
  random: () => number;
  /** Claims per delivery before it is given up as failed (default 8). */
  maxAttempts?: number;
  /** Backoff of a retried delivery, ms (defaults 5 s base, 10 min cap). */
  backoff?: { baseMs: number; maxMs: number };
  log: WorkerLog;
}

/** What one {@link runInboxOnce} did. */
export type WorkerStep =
  | { kind: 'idle' }
  | { kind: 'done'; deliveryId: string; outcome: ProcessOutcome['kind'] }
  | { kind: 'deferred'; deliveryId: string; error: string }
  | { kind: 'failed'; deliveryId: string; error: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function hintOf(delivery: ClaimedDelivery): WebhookHint | string {
  let json: unknown;
  try {
    json = JSON.parse(delivery.body);
  } catch {
    return 'stored body is not JSON';
  }
  const parsed = parseWebhook(json, delivery.source);
  return parsed.ok ? parsed.hint : `stored body does not parse: ${parsed.error}`;
}

/**
 * Claims one due delivery and processes it (the approval worker, docs/approvals.md §2): executed, duplicate,
 * ignored and final refusals complete it; a retryable refusal (group lookup failed) or an error (Jira
 * or Databricks unreachable, store conflict) defers it with full-jitter backoff, until `maxAttempts`
 * claims, then it is marked failed for an operator. A refusal that carries `retryInMs` (a claimed action an
 * error stopped; process-approval.ts) is retried no later than that, past `maxAttempts` too: its own deadline
 * ends it with a failed action and a comment. Never throws for a processing error; store errors
 * propagate to the loop.
 */
export async function runInboxOnce(deps: InboxWorkerDeps): Promise<WorkerStep> {
  const delivery = await deps.queue.claimNext(deps.workerId, deps.now());
  if (delivery === undefined) return { kind: 'idle' };
  return await processClaimed(deps, delivery, (deliveryId) =>
    deps.queue.complete(deliveryId, deps.workerId, deps.now()),
  );
}

/**
 * Processes one claimed delivery as {@link runInboxOnce} describes; `complete` records it as done (at once, or
 * with the rest of a batch). Fail and defer are written at once.
 */
async function processClaimed(
  deps: InboxWorkerDeps,
  delivery: ClaimedDelivery,
  complete: (deliveryId: string) => Promise<void>,
): Promise<Exclude<WorkerStep, { kind: 'idle' }>> {
  const log = { deliveryId: delivery.deliveryId, attempt: delivery.attempts };
  const hint = hintOf(delivery);
  if (typeof hint === 'string') {
    await deps.queue.fail(delivery.deliveryId, deps.workerId, hint, deps.now());
    deps.log.warn({ ...log, error: hint }, 'Delivery given up');
    return { kind: 'failed', deliveryId: delivery.deliveryId, error: hint };
  }
  let retryError: string;
  let retryInMs: number | undefined;
  try {
    const outcome = await deps.process(hint);
    if (outcome.kind !== 'refused' || !outcome.retryable) {
      await complete(delivery.deliveryId);
      deps.log.info(
        {
          ...log,
          outcome: outcome.kind,
          ...(outcome.kind === 'executed' ? { actionId: outcome.action.id, state: outcome.action.state } : {}),
          ...('reason' in outcome ? { reason: outcome.reason } : {}),
        },
        'Delivery processed',
      );
      return { kind: 'done', deliveryId: delivery.deliveryId, outcome: outcome.kind };
    }
    retryError = `refused for now: ${outcome.reason}`;
    retryInMs = outcome.retryInMs;
  } catch (error) {
    retryError = messageOf(error);
  }
  const maxAttempts = deps.maxAttempts ?? 8;
  if (delivery.attempts >= maxAttempts && retryInMs === undefined) {
    await deps.queue.fail(delivery.deliveryId, deps.workerId, retryError, deps.now());
    deps.log.warn({ ...log, error: retryError }, 'Delivery given up after the retry budget');
    return { kind: 'failed', deliveryId: delivery.deliveryId, error: retryError };
  }
  const backoff = backoffDelayMs(delivery.attempts, {
    ...(deps.backoff ?? { baseMs: 5000, maxMs: 600_000 }),
    random: deps.random,
  });
  // An action in flight has its own error deadline: the next try comes no later than that (and no sooner
  // than a second, so a fast-failing call does not spin).
  const wait = retryInMs === undefined ? backoff : Math.min(Math.max(backoff, 1000), Math.max(0, retryInMs));
  await deps.queue.defer(delivery.deliveryId, deps.workerId, retryError, new Date(deps.now().getTime() + wait));
  deps.log.warn({ ...log, error: retryError, retryInMs: wait }, 'Delivery deferred');
  return { kind: 'deferred', deliveryId: delivery.deliveryId, error: retryError };
}

/** The worker deps of {@link runInboxBatch}. */
export interface InboxBatchWorkerDeps extends InboxWorkerDeps {
  queue: InboxBatchQueuePort;
  /** Deliveries claimed per transaction (default 16). */
  batchSize?: number;
  /**
   * Once this long has passed since the claim, ms, the deliveries of the batch not yet started are released
   * unprocessed (default 10 000; well below the stale-claim cut-off of recovery, at least 60 s, so a claim
   * is never released as stale while its batch still runs, unless one delivery alone runs that long, as with
   * runInboxOnce).
   */
  batchBudgetMs?: number;
  /** Asked before each delivery after the first; false releases the rest unprocessed (serve drains on SIGTERM). */
  keepGoing?: () => boolean;
  /** Lets other work (accepted webhook requests) run between deliveries; default one `setImmediate` turn. */
  yieldToLoop?: () => Promise<void>;
}

/** True when the queue settles and claims in batches (the kysely store does). */
export function isBatchQueue(queue: InboxQueuePort): queue is InboxBatchQueuePort {
  return typeof (queue as Partial<InboxBatchQueuePort>).settleAndClaim === 'function';
}

const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The serve loop's worker: {@link runInboxOnce} for up to `batchSize` deliveries with two commits in all, instead
 * of two each: one transaction claims the batch (oldest first), the deliveries are processed one after the other
 * in that order, yielding to the event loop before each, and one transaction completes those processed. A failed
 * or deferred delivery is written at once and does not stop the others. Past `batchBudgetMs` the rest of the
 * batch is released unprocessed (its claim does not count as an attempt), as when `keepGoing` says stop. Crash safety is that of
 * runInboxOnce: a delivery processed but not yet completed when the process dies stays `processing` and is
 * released as stale and processed again (processing is idempotent: the action key). When a store write fails,
 * the completions so far and the release of the deliveries not started are still tried, then the error
 * propagates to the loop.
 *
 * @returns what happened to each delivery processed, in order; empty when none was due.
 */
export async function runInboxBatch(deps: InboxBatchWorkerDeps): Promise<WorkerStep[]> {
  const yieldToLoop = deps.yieldToLoop ?? yieldOnce;
  const budgetMs = deps.batchBudgetMs ?? 10_000;
  await yieldToLoop();
  const claimed = await deps.queue.settleAndClaim(
    { completed: [], released: [] },
    deps.workerId,
    deps.now(),
    deps.batchSize ?? 16,
  );
  const started = deps.now().getTime();
  const completed: string[] = [];
  const steps: WorkerStep[] = [];
  const complete = async (deliveryId: string) => {
    completed.push(deliveryId);
  };
  let next = 0;
  try {
    for (; next < claimed.length; next += 1) {
      await yieldToLoop();
      if (next > 0 && (deps.now().getTime() - started >= budgetMs || deps.keepGoing?.() === false)) break;
      steps.push(await processClaimed(deps, claimed[next] as ClaimedDelivery, complete));
    }
  } catch (error) {
    // The delivery whose write failed stays claimed (released as stale later); the rest are settled if possible.
    await settle(deps, completed, claimed.slice(next + 1)).catch(() => undefined);
    throw error;
  }
  await settle(deps, completed, claimed.slice(next));
  return steps;
}

async function settle(deps: InboxBatchWorkerDeps, completed: string[], notStarted: ClaimedDelivery[]): Promise<void> {
  if (completed.length === 0 && notStarted.length === 0) return;
  await deps.queue.settleAndClaim(
    { completed, released: notStarted.map((d) => d.deliveryId) },
    deps.workerId,
    deps.now(),
    0,
  );
}
