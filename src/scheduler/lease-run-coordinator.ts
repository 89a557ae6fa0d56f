import type { Logger } from 'pino';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { releaseLease, tryAcquireLease } from '../store/lease-store.ts';

/** The node-cron 4 `RunCoordinator` contract (TaskOptions.runCoordinator), plus what lakewarden adds. */
export interface LeaseRunCoordinator {
  /** node-cron calls this once per schedule slot with key `<task name>:<slot ISO>`. */
  shouldRun(key: string, ttlMs: number): Promise<boolean>;
  /** node-cron calls this when the elected run ended (success or failure). */
  onComplete(key: string): Promise<void>;
  /** Takes the job lease outside node-cron (`serve --once`): true when this holder may run now. */
  acquireJob(ttlMs: number): Promise<boolean>;
  /** Stops renewing and releases the job lease. */
  releaseJob(): Promise<void>;
}

/**
 * Exactly one replica per scheduled run, over the store's `leases` table (tryAcquireLease: one atomic
 * upsert; works on Postgres and SQLite). Two leases are taken in order:
 * 1. `slot:<task>:<slot ISO>` — one winner per schedule tick; never released, it expires after the TTL and
 *    housekeeping deletes it (releasing it would let a replica whose clock ticks later run the slot again);
 * 2. `job:<task>` — held while the run lasts, renewed every TTL/3, released at the end; a replica that
 *    dies (SIGKILL) stops renewing and the lease expires after at most the TTL, so another replica takes
 *    the next tick over. A slot won while the previous run elsewhere still holds the job lease is skipped
 *    (no overlap across replicas).
 *
 * Fail closed: a store error propagates from `shouldRun` and node-cron skips the slot (`coordinator-error`).
 */
export function createLeaseRunCoordinator(options: {
  handle: DatabaseHandle;
  job: string;
  /** This replica's id (unique per process). */
  holder: string;
  logger: Logger;
  now?: () => Date;
}): LeaseRunCoordinator {
  const now = options.now ?? (() => new Date());
  const jobLease = `job:${options.job}`;
  let renewal: NodeJS.Timeout | undefined;
  const stopRenewal = () => {
    clearInterval(renewal);
    renewal = undefined;
  };
  const acquireJob = async (ttlMs: number): Promise<boolean> => {
    if (!(await tryAcquireLease(options.handle, jobLease, options.holder, ttlMs, now()))) return false;
    stopRenewal();
    renewal = setInterval(
      () => {
        tryAcquireLease(options.handle, jobLease, options.holder, ttlMs, now()).then(
          (held) => {
            if (!held) options.logger.warn({ job: options.job, lease: jobLease }, 'job lease lost while running');
          },
          (error: unknown) => options.logger.warn({ job: options.job, err: error }, 'job lease renewal failed'),
        );
      },
      Math.max(1000, Math.floor(ttlMs / 3)),
    );
    renewal.unref();
    return true;
  };
  const releaseJob = async () => {
    stopRenewal();
    await releaseLease(options.handle, jobLease, options.holder);
  };
  return {
    async shouldRun(key, ttlMs) {
      if (!(await tryAcquireLease(options.handle, `slot:${key}`, options.holder, ttlMs, now()))) return false;
      return acquireJob(ttlMs);
    },
    async onComplete() {
      await releaseJob();
    },
    acquireJob,
    releaseJob,
  };
}
