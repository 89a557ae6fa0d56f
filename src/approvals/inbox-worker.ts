import { parseWebhook, type WebhookHint } from '../intake/parse-webhook.ts';
import type { ClaimedDelivery, InboxQueuePort } from '../intake/queue-ports.ts';
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
      await deps.queue.complete(delivery.deliveryId, deps.workerId, deps.now());
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
