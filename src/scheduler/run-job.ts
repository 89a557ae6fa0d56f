import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobRunResult, ScheduledJob } from './scheduled-job.ts';

/** Raised through the job's AbortSignal when a run exceeds `timeoutMs`. */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

/** What {@link runJob} needs. */
export interface RunJobOptions {
  logger: Logger;
  /** Removes secret values from error text (src/logging/scrub-secrets.ts). */
  scrub: (text: string) => string;
  /** Monotonic-enough clock in ms (default Date.now); only used for the reported duration. */
  now?: () => number;
  /** The schedule slot (default: now). */
  slot?: Date;
  /** Aborts the run from outside too (service shutdown). */
  stop?: AbortSignal;
  /** Told every result (metrics). */
  onResult?: (result: JobRunResult) => void;
}

/**
 * Runs one job once with a timeout: the job's AbortSignal fires after `job.timeoutMs` (or when `stop`
 * aborts) and the run is reported `timed_out` at once, even if the job ignores the signal. Never throws:
 * a failure is logged (scrubbed) and returned as `failed`.
 */
export async function runJob(job: ScheduledJob, options: RunJobOptions): Promise<JobRunResult> {
  const now = options.now ?? Date.now;
  const runId = randomUUID();
  const logger = options.logger.child({ job: job.name, runId });
  const controller = new AbortController();
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  let interrupt: (reason: string) => void = () => undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    interrupt = (reason) => {
      controller.abort(new JobTimeoutError(reason));
      resolve('timeout');
    };
    timer = setTimeout(() => interrupt(`exceeded its timeout of ${job.timeoutMs} ms; aborted`), job.timeoutMs);
    timer.unref();
  });
  const onStop = () => interrupt('stopped before finishing: the service is shutting down; aborted');
  if (options.stop?.aborted === true) onStop();
  options.stop?.addEventListener('abort', onStop, { once: true });
  logger.info({ slot: (options.slot ?? new Date(started)).toISOString() }, 'job started');
  let result: JobRunResult;
  try {
    const work = job.run({ signal: controller.signal, logger, slot: options.slot ?? new Date(started), runId });
    work.catch(() => undefined); // a run abandoned after its timeout must not become an unhandled rejection
    const first = await Promise.race([work, timedOut]);
    if (first === 'timeout') {
      result = {
        job: job.name,
        runId,
        outcome: 'timed_out',
        durationMs: now() - started,
        error: String((controller.signal.reason as Error).message),
      };
      logger.error(
        { outcome: result.outcome, durationMs: result.durationMs, timeoutMs: job.timeoutMs },
        'job timed out',
      );
    } else {
      result = {
        job: job.name,
        runId,
        outcome: 'succeeded',
        durationMs: now() - started,
        ...(first === undefined ? {} : { summary: first }),
      };
      logger.info({ outcome: result.outcome, durationMs: result.durationMs, ...first }, 'job finished');
    }
  } catch (error) {
    const aborted = controller.signal.aborted;
    const message = options.scrub(error instanceof Error ? error.message : String(error));
    result = {
      job: job.name,
      runId,
      outcome: aborted ? 'timed_out' : 'failed',
      durationMs: now() - started,
      error: message,
    };
    logger.error({ outcome: result.outcome, durationMs: result.durationMs, err: error }, 'job failed');
  } finally {
    clearTimeout(timer);
    options.stop?.removeEventListener('abort', onStop);
  }
  options.onResult?.(result);
  return result;
}
