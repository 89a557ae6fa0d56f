import { createTask, type ScheduledTask, validate } from 'node-cron';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { createLeaseRunCoordinator, type LeaseRunCoordinator } from './lease-run-coordinator.ts';
import { runJob } from './run-job.ts';
import type { JobRunResult, ScheduledJob } from './scheduled-job.ts';

/** Cross-replica coordination (Postgres): one replica runs each scheduled job. */
export interface SchedulerCoordination {
  handle: DatabaseHandle;
  /** Unique per process. */
  holder: string;
  /** Lease time to live, ms: a dead holder's job is taken over by another replica after at most this long. */
  leaseTtlMs: number;
}

/** The running scheduler of `lakewarden serve`. */
export interface Scheduler {
  /** Starts every node-cron task. */
  start(): void;
  /** Runs job `name` now through its node-cron task (`task.execute()`, no lease): tests, manual triggers. */
  execute(name: string): Promise<JobRunResult | undefined>;
  /** Runs every job once, one after the other (`serve --once`); with coordination a job held elsewhere is `skipped`. */
  runOnce(): Promise<JobRunResult[]>;
  /** The node-cron tasks by job name. */
  tasks: ReadonlyMap<string, ScheduledTask>;
  /**
   * Stops scheduling, lets running jobs finish for up to `graceMs`, then aborts them (their AbortSignal
   * fires) and resolves. Idempotent.
   */
  stop(graceMs: number): Promise<void>;
}

/**
 * Builds the node-cron 4 tasks (`createTask` with `name`, `timezone`, `noOverlap: true`; with
 * coordination also `distributed: true`, `runCoordinator` = {@link createLeaseRunCoordinator} and
 * `distributedLease` = the lease TTL). Each run goes through {@link runJob} (timeout → abort → reported).
 * node-cron's own log lines go to `logger`.
 *
 * @throws ConfigError naming the job when a cron expression is invalid.
 */
export function createScheduler(options: {
  jobs: readonly ScheduledJob[];
  timezone: string;
  coordination: SchedulerCoordination | undefined;
  logger: Logger;
  scrub: (text: string) => string;
  onResult?: (result: JobRunResult) => void;
  now?: () => number;
}): Scheduler {
  const logger = options.logger.child({ component: 'scheduler' });
  const cronLogger = {
    info: (message: string) => logger.debug({}, message),
    warn: (message: string) => logger.warn({}, message),
    error: (message: string | Error, err?: Error) => logger.error({ err: err ?? message }, 'node-cron error'),
    debug: (message: string | Error) => logger.debug({}, String(message)),
  };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<JobRunResult>>();
  const coordinators = new Map<string, LeaseRunCoordinator>();
  const lastResults = new Map<string, JobRunResult>();
  const track = (job: ScheduledJob, slot: Date): Promise<JobRunResult> => {
    const run = runJob(job, {
      logger: options.logger,
      scrub: options.scrub,
      slot,
      stop: stopping.signal,
      onResult: (result) => {
        lastResults.set(job.name, result);
        options.onResult?.(result);
      },
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };
  const tasks = new Map<string, ScheduledTask>();
  for (const job of options.jobs) {
    if (!validate(job.cron)) {
      throw new ConfigError(`scheduler.${job.name}.cron: "${job.cron}" is not a valid cron expression`);
    }
    let coordinator: LeaseRunCoordinator | undefined;
    if (options.coordination !== undefined) {
      coordinator = createLeaseRunCoordinator({
        handle: options.coordination.handle,
        job: job.name,
        holder: options.coordination.holder,
        logger,
      });
      coordinators.set(job.name, coordinator);
    }
    const task = createTask(
      job.cron,
      async (context) => {
        await track(job, context.date);
      },
      {
        name: job.name,
        timezone: options.timezone,
        noOverlap: true,
        logger: cronLogger,
        ...(coordinator === undefined || options.coordination === undefined
          ? {}
          : {
              distributed: true,
              runCoordinator: coordinator,
              distributedLease: options.coordination.leaseTtlMs,
            }),
      },
    );
    task.on('execution:skipped', (context) => {
      logger.debug({ job: job.name, slot: context.date.toISOString(), reason: context.reason }, 'job slot skipped');
      if (context.reason === 'coordinator-error') {
        logger.warn({ job: job.name, slot: context.date.toISOString() }, 'lease store unavailable: slot skipped');
      }
    });
    tasks.set(job.name, task);
  }
  let stopped: Promise<void> | undefined;
  return {
    tasks,
    start() {
      for (const task of tasks.values()) void task.start();
      logger.info(
        {
          jobs: options.jobs.map((j) => ({ name: j.name, cron: j.cron, timeoutMs: j.timeoutMs })),
          timezone: options.timezone,
          coordinated: options.coordination !== undefined,
        },
        'scheduler started',
      );
    },
    async execute(name) {
      const task = tasks.get(name);
      if (task === undefined) return undefined;
      lastResults.delete(name);
      await task.execute();
      return lastResults.get(name);
    },
    async runOnce() {
      const results: JobRunResult[] = [];
      for (const job of options.jobs) {
        const coordinator = coordinators.get(job.name);
        const ttl = options.coordination?.leaseTtlMs ?? 0;
        if (coordinator !== undefined && !(await coordinator.acquireJob(ttl))) {
          logger.info({ job: job.name }, 'job skipped: another replica holds its lease');
          results.push({ job: job.name, runId: '-', outcome: 'skipped', durationMs: 0 });
          continue;
        }
        try {
          results.push(await track(job, new Date()));
        } finally {
          await coordinator?.releaseJob();
        }
      }
      return results;
    },
    stop(graceMs) {
      stopped ??= (async () => {
        for (const task of tasks.values()) await task.stop();
        const running = [...inFlight];
        if (running.length > 0) {
          logger.info({ running: running.length, graceMs }, 'waiting for running jobs');
          let timer: NodeJS.Timeout | undefined;
          const grace = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
            timer.unref();
          });
          await Promise.race([Promise.allSettled(running), grace]);
          clearTimeout(timer);
          stopping.abort();
          await Promise.allSettled(running);
        }
        for (const task of tasks.values()) await task.destroy();
        logger.info({}, 'scheduler stopped');
      })();
      return stopped;
    },
  };
}
