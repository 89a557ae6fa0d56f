import { describe, expect, it } from 'vitest';
import { runInboxOnce } from '../../../src/approvals/inbox-worker.ts';
import type { ProcessOutcome } from '../../../src/approvals/process-approval.ts';
import type { ClaimedDelivery, InboxQueuePort } from '../../../src/intake/queue-ports.ts';

const NOW = new Date('2026-09-26T11:00:00Z');
const silent = { info: () => undefined, warn: () => undefined };
const BODY = JSON.stringify({
  webhookEvent: 'jira:issue_updated',
  user: { accountId: 'u1' },
  issue: { id: '10452', key: 'FIN-1' },
  changelog: { id: '7', items: [{ field: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'Approved' }] },
});

/** Records what the worker did with one queued delivery. */
function queueWith(delivery: ClaimedDelivery | undefined) {
  const log: string[] = [];
  let deferredUntil: Date | undefined;
  const queue: InboxQueuePort = {
    claimNext: async () => delivery,
    complete: async (id) => {
      log.push(`complete ${id}`);
    },
    defer: async (id, _w, error, notBefore) => {
      deferredUntil = notBefore;
      log.push(`defer ${id}: ${error}`);
    },
    fail: async (id, _w, error) => {
      log.push(`fail ${id}: ${error}`);
    },
    releaseStale: async () => 0,
  };
  return { queue, log, deferred: () => deferredUntil };
}

function delivery(attempts: number, body = BODY): ClaimedDelivery {
  return { deliveryId: 'd1', source: 'jira-webhook', receivedAt: NOW.toISOString(), body, attempts };
}

function run(queue: InboxQueuePort, process: () => Promise<ProcessOutcome>, random = 0.5) {
  return runInboxOnce({
    queue,
    process,
    workerId: 'w1',
    now: () => NOW,
    random: () => random,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    log: silent,
  });
}

describe('runInboxOnce', () => {
  it('is idle when nothing is due', async () => {
    const { queue } = queueWith(undefined);
    expect(await run(queue, async () => ({ kind: 'ignored', reason: 'x' }))).toEqual({ kind: 'idle' });
  });

  it('completes executed, duplicate, ignored and final refusals, passing the parsed hint', async () => {
    const outcomes: ProcessOutcome[] = [
      { kind: 'ignored', reason: 'bot_echo' },
      { kind: 'duplicate', actionKey: 'k' },
      { kind: 'refused', reason: 'stale', message: 'too old', retryable: false },
    ];
    for (const outcome of outcomes) {
      const { queue, log } = queueWith(delivery(1));
      const step = await run(queue, async () => outcome);
      expect(step).toEqual({ kind: 'done', deliveryId: 'd1', outcome: outcome.kind });
      expect(log).toEqual(['complete d1']);
    }
    const { queue } = queueWith(delivery(1));
    let issueId = '';
    await runInboxOnce({
      queue,
      process: async (hint) => {
        issueId = hint.issueId;
        return { kind: 'ignored', reason: 'x' };
      },
      workerId: 'w1',
      now: () => NOW,
      random: () => 0,
      log: silent,
    });
    expect(issueId).toBe('10452');
  });

  it('defers a retryable refusal or an error with full-jitter backoff from the attempt number', async () => {
    const { queue, log, deferred } = queueWith(delivery(3));
    const step = await run(queue, async () => ({
      kind: 'refused',
      reason: 'group_lookup_failed',
      message: 'm',
      retryable: true,
    }));
    expect(step.kind).toBe('deferred');
    // attempt 3: random 0.5 × min(60 s, 1 s × 2²) = 2 s
    expect(deferred()?.getTime()).toBe(NOW.getTime() + 2000);
    expect(log).toEqual(['defer d1: refused for now: group_lookup_failed']);

    const thrown = queueWith(delivery(1));
    await run(thrown.queue, async () => {
      throw new Error('Jira unreachable');
    });
    expect(thrown.log).toEqual(['defer d1: Error: Jira unreachable']);
  });

  it('gives up after the attempt budget, and at once on a stored body that does not parse', async () => {
    const exhausted = queueWith(delivery(8));
    expect((await run(exhausted.queue, async () => Promise.reject(new Error('still down')))).kind).toBe('failed');
    expect(exhausted.log).toEqual(['fail d1: Error: still down']);

    const garbage = queueWith(delivery(1, '{not json'));
    let called = false;
    await run(garbage.queue, async () => {
      called = true;
      return { kind: 'ignored', reason: 'x' };
    });
    expect(called).toBe(false);
    expect(garbage.log).toEqual(['fail d1: stored body is not JSON']);
  });
});
