import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { createScheduler, type Scheduler } from '../../../src/scheduler/create-scheduler.ts';
import type { JobRunResult, ScheduledJob } from '../../../src/scheduler/scheduled-job.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { tryAcquireLease } from '../../../src/store/lease-store.ts';
import { captureLogger } from './support.ts';

const schedulers: Scheduler[] = [];
let store: OpenedStore | undefined;
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop(0);
  await store?.close();
  store = undefined;
});

function counting(name: string, outcome: 'ok' | 'throw' = 'ok'): ScheduledJob & { runs: number } {
  const job = {
    name,
    cron: '0 6 * * *',
    timeoutMs: 60_000,
    runs: 0,
    async run() {
      job.runs += 1;
      if (outcome === 'throw') throw new Error(`${name} broke`);
      return { runs: job.runs };
    },
  };
  return job;
}

describe('createScheduler (node-cron 4)', () => {
  it('creates one named node-cron task per job and runs it with task.execute()', async () => {
    const { logger, scrub } = captureLogger();
    const scan = counting('scan');
    const results: JobRunResult[] = [];
    const scheduler = createScheduler({
      jobs: [scan],
      timezone: 'UTC',
      coordination: undefined,
      logger,
      scrub,
      onResult: (r) => results.push(r),
    });
    schedulers.push(scheduler);
    const task = scheduler.tasks.get('scan');
    expect(task?.name).toBe('scan');
    expect(task?.getPattern()).toBe('0 6 * * *');
    await task?.execute();
    expect(scan.runs).toBe(1);
    expect(results.map((r) => r.outcome)).toEqual(['succeeded']);
    expect((await scheduler.execute('scan'))?.summary).toEqual({ runs: 2 });
  });

  it('rejects an invalid cron expression naming the job', () => {
    const { logger, scrub } = captureLogger();
    const bad = { ...counting('housekeeping'), cron: 'every day' };
    expect(() => createScheduler({ jobs: [bad], timezone: 'UTC', coordination: undefined, logger, scrub })).toThrow(
      ConfigError,
    );
    expect(() => createScheduler({ jobs: [bad], timezone: 'UTC', coordination: undefined, logger, scrub })).toThrow(
      /scheduler\.housekeeping\.cron/,
    );
  });

  it('runOnce runs every job once, reports failures, and skips a job whose lease another replica holds', async () => {
    store = await createStore({ sqlitePath: ':memory:' });
    await tryAcquireLease(store, 'job:outbox', 'other-replica', 60_000);
    const { logger, scrub } = captureLogger();
    const scan = counting('scan');
    const outbox = counting('outbox');
    const measurements = counting('measurements', 'throw');
    const scheduler = createScheduler({
      jobs: [scan, outbox, measurements],
      timezone: 'UTC',
      coordination: { handle: store, holder: 'me', leaseTtlMs: 60_000 },
      logger,
      scrub,
    });
    schedulers.push(scheduler);
    const results = await scheduler.runOnce();
    expect(results.map((r) => [r.job, r.outcome])).toEqual([
      ['scan', 'succeeded'],
      ['outbox', 'skipped'],
      ['measurements', 'failed'],
    ]);
    expect(outbox.runs).toBe(0);
    // the job leases taken by runOnce were released
    expect(await tryAcquireLease(store, 'job:scan', 'someone-else', 60_000)).toBe(true);
  });

  it('stop() aborts a job still running after the grace period and resolves', async () => {
    const { logger, scrub } = captureLogger();
    let aborted = false;
    const stuck: ScheduledJob = {
      name: 'scan',
      cron: '0 6 * * *',
      timeoutMs: 60_000,
      async run({ signal }) {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        await new Promise(() => undefined);
        return undefined;
      },
    };
    const scheduler = createScheduler({ jobs: [stuck], timezone: 'UTC', coordination: undefined, logger, scrub });
    const running = scheduler.execute('scan');
    await scheduler.stop(0);
    expect(aborted).toBe(true);
    expect((await running)?.outcome).toBe('timed_out');
  });
});
