import { describe, expect, it } from 'vitest';
import { isBatchQueue, runInboxBatch } from '../../../src/approvals/inbox-worker.ts';
import type { ProcessOutcome } from '../../../src/approvals/process-approval.ts';
import type { ClaimedDelivery, InboxBatchQueuePort } from '../../../src/intake/queue-ports.ts';

const NOW = new Date('2026-09-26T11:00:00Z');
const silent = { info: () => undefined, warn: () => undefined };

function delivery(n: number): ClaimedDelivery {
  const body = JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    user: { accountId: 'u1' },
    issue: { id: '10452', key: 'FIN-1' },
    changelog: {
      id: String(n),
      items: [{ field: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'Approved' }],
    },
  });
  return { deliveryId: `d${n}`, source: 'jira-webhook', receivedAt: NOW.toISOString(), body, attempts: 1 };
}

/** A queue that hands out `batch` once and records every store call, in order. */
function queueWith(batch: ClaimedDelivery[], options: { failDefer?: boolean } = {}) {
  const calls: string[] = [];
  let handed = false;
  const queue: InboxBatchQueuePort = {
    claimNext: async () => undefined,
    settleAndClaim: async (settlement, _w, _now, limit) => {
      calls.push(`settle done=[${settlement.completed}] released=[${settlement.released}] claim ${limit}`);
      if (limit === 0 || handed) return [];
      handed = true;
      return batch;
    },
    complete: async (id) => {
      calls.push(`complete ${id}`);
    },
    defer: async (id) => {
      if (options.failDefer) throw new Error('store gone');
      calls.push(`defer ${id}`);
    },
    fail: async (id) => {
      calls.push(`fail ${id}`);
    },
    releaseStale: async () => 0,
  };
  return { queue, calls };
}

describe('runInboxBatch', () => {
  it('claims, processes in order yielding before each, and completes the batch in one more write', async () => {
    const { queue, calls } = queueWith([delivery(1), delivery(2), delivery(3)]);
    const order: string[] = [];
    const steps = await runInboxBatch({
      queue,
      process: async (hint): Promise<ProcessOutcome> => {
        order.push(`process ${hint.changelogId}`);
        return hint.changelogId === '2'
          ? { kind: 'refused', reason: 'group lookup failed', message: 'retry later', retryable: true }
          : { kind: 'ignored', reason: 'x' };
      },
      yieldToLoop: async () => {
        order.push('yield');
      },
      workerId: 'w',
      now: () => NOW,
      random: () => 0.5,
      log: silent,
    });
    expect(order).toEqual(['yield', 'yield', 'process 1', 'yield', 'process 2', 'yield', 'process 3']);
    expect(steps.map((s) => `${s.kind} ${'deliveryId' in s ? s.deliveryId : ''}`)).toEqual([
      'done d1',
      'deferred d2',
      'done d3',
    ]);
    expect(calls).toEqual([
      'settle done=[] released=[] claim 16',
      'defer d2',
      'settle done=[d1,d3] released=[] claim 0',
    ]);
  });

  it('is empty and writes nothing more when nothing is due', async () => {
    const { queue, calls } = queueWith([]);
    const steps = await runInboxBatch({
      queue,
      process: async () => ({ kind: 'ignored', reason: 'x' }),
      workerId: 'w',
      now: () => NOW,
      random: () => 0.5,
      batchSize: 4,
      log: silent,
    });
    expect(steps).toEqual([]);
    expect(calls).toEqual(['settle done=[] released=[] claim 4']);
  });

  it('releases the deliveries not started once the batch budget is spent', async () => {
    const { queue, calls } = queueWith([delivery(1), delivery(2), delivery(3)]);
    let clock = NOW.getTime();
    const steps = await runInboxBatch({
      queue,
      process: async () => {
        clock += 6000;
        return { kind: 'ignored', reason: 'x' };
      },
      workerId: 'w',
      now: () => new Date(clock),
      random: () => 0.5,
      batchBudgetMs: 10_000,
      log: silent,
    });
    expect(steps.map((s) => s.kind)).toEqual(['done', 'done']);
    expect(calls.at(-1)).toBe('settle done=[d1,d2] released=[d3] claim 0');
  });

  it('finishes the delivery in hand and releases the rest when told to stop (drain)', async () => {
    const { queue, calls } = queueWith([delivery(1), delivery(2), delivery(3)]);
    let stopping = false;
    const steps = await runInboxBatch({
      queue,
      process: async () => {
        stopping = true;
        return { kind: 'ignored', reason: 'x' };
      },
      keepGoing: () => !stopping,
      workerId: 'w',
      now: () => NOW,
      random: () => 0.5,
      log: silent,
    });
    expect(steps.map((s) => s.kind)).toEqual(['done']);
    expect(calls.at(-1)).toBe('settle done=[d1] released=[d2,d3] claim 0');
  });

  it('when a store write fails, still settles what it can, then throws', async () => {
    const { queue, calls } = queueWith([delivery(1), delivery(2), delivery(3)], { failDefer: true });
    await expect(
      runInboxBatch({
        queue,
        process: async (hint) => {
          if (hint.changelogId === '2') throw new Error('Jira unreachable');
          return { kind: 'ignored', reason: 'x' };
        },
        workerId: 'w',
        now: () => NOW,
        random: () => 0.5,
        log: silent,
      }),
    ).rejects.toThrow('store gone');
    // d2 stays claimed (released as stale later), d1 is completed, d3 was never started.
    expect(calls.at(-1)).toBe('settle done=[d1] released=[d3] claim 0');
  });

  it('recognises a queue that claims in batches', () => {
    const { queue } = queueWith([]);
    expect(isBatchQueue(queue)).toBe(true);
    const { settleAndClaim: _, ...single } = queue;
    expect(isBatchQueue(single)).toBe(false);
  });
});
