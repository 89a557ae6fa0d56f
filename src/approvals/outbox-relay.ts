import type { OutboxMessageRef, OutboxQueuePort } from '../intake/queue-ports.ts';
import { scrubJson } from '../logging/scrub-secrets.ts';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import type { AdfDoc, ApprovalTracker, CommentReader } from '../tracker/issue-tracker.ts';
import type { WorkerLog } from './inbox-worker.ts';

export interface OutboxRelayDeps {
  queue: OutboxQueuePort;
  jira: Pick<ApprovalTracker, 'addComment' | 'ensureStatus'> & Pick<CommentReader, 'hasCommentWith'>;
  /** Removes secret values from any text before it reaches Jira. */
  scrub: (text: string) => string;
  now: () => Date;
  random: () => number;
  /** Messages per pass (default 20). */
  batch?: number;
  /** Sends per message before it is marked failed (default 10). */
  maxAttempts?: number;
  backoff?: { baseMs: number; maxMs: number };
  log: WorkerLog;
}

/** The marker embedded in every comment: the relay skips a message whose marker is already on the issue. */
export function commentMarker(dedupeKey: string): string {
  return `lakewarden-ref:${dedupeKey}`;
}

/** Appends the marker to an ADF comment body as a code paragraph (process-ask.ts uses it for replies too). */
export function withMarker(body: unknown, marker: string): unknown {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as { content?: unknown };
  const content = Array.isArray(doc.content) ? doc.content : [];
  const ref = { type: 'paragraph', content: [{ type: 'text', text: marker, marks: [{ type: 'code' }] }] };
  return { type: 'doc', version: 1, ...doc, content: [...content, ref] };
}

async function send(deps: OutboxRelayDeps, message: OutboxMessageRef): Promise<'sent' | 'skipped'> {
  const payload = (typeof message.payload === 'object' && message.payload !== null ? message.payload : {}) as Record<
    string,
    unknown
  >;
  switch (message.kind) {
    case 'comment': {
      const marker = commentMarker(message.dedupeKey);
      // A previous send may have reached Jira without being marked sent (crash, lost response).
      if (await deps.jira.hasCommentWith(message.issueId, marker)) return 'skipped';
      // The outbox holds the document the approval flow rendered (stored as JSON).
      await deps.jira.addComment(message.issueId, withMarker(scrubJson(payload.body, deps.scrub), marker) as AdfDoc);
      return 'sent';
    }
    case 'transition': {
      if (typeof payload.status !== 'string') throw new Error('transition message without a status');
      await deps.jira.ensureStatus(message.issueId, payload.status);
      return 'sent';
    }
    case 'field':
      throw new Error('field updates are not relayed by the approvals outbox');
    default: {
      const unreachable: never = message.kind;
      throw new Error(`unknown outbox kind ${String(unreachable)}`);
    }
  }
}

/**
 * One relay pass over the outbox (https://microservices.io/patterns/data/transactional-outbox.html): claims due messages and sends each to Jira —
 * comments carry a marker with their dedupe key (which embeds the action id) and are skipped when a
 * comment with that marker exists, so a re-sent message never duplicates; transitions go to the target
 * status by name. Failures are retried with full-jitter backoff up to `maxAttempts`. The relay only talks
 * to Jira: a failed comment can never trigger a Databricks write.
 *
 * @returns how many messages were sent or skipped as already present.
 */
export async function relayOutboxOnce(deps: OutboxRelayDeps): Promise<number> {
  const messages = await deps.queue.claimDue(deps.now(), deps.batch ?? 20);
  let delivered = 0;
  for (const message of messages) {
    const log = { outboxId: message.id, actionId: message.actionId, kind: message.kind, attempt: message.attempts };
    try {
      const result = await send(deps, message);
      await deps.queue.markSent(message.id, deps.now());
      delivered++;
      deps.log.info({ ...log, result }, 'Outbox message delivered');
    } catch (error) {
      const text = deps.scrub(error instanceof Error ? error.message : String(error));
      const giveUp = message.attempts >= (deps.maxAttempts ?? 10);
      const wait = backoffDelayMs(message.attempts, {
        ...(deps.backoff ?? { baseMs: 2000, maxMs: 300_000 }),
        random: deps.random,
      });
      await deps.queue.markFailed(message.id, text, giveUp ? null : new Date(deps.now().getTime() + wait));
      deps.log.warn({ ...log, error: text, giveUp }, 'Outbox message not delivered');
    }
  }
  return delivered;
}
