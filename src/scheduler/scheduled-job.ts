import type { Logger } from 'pino';

/** What a job gets for one run. */
export interface JobContext {
  /** Aborted when the run exceeds its timeout or the service stops; long steps must check it. */
  signal: AbortSignal;
  /** Child logger with `job` and `runId` in every line. */
  logger: Logger;
  /** The schedule slot (node-cron's tick) or the start time of an invoked run. */
  slot: Date;
  runId: string;
}

/**
 * One scheduled job of `lakewarden serve` (scan, verification follow-ups, outbox retries, housekeeping).
 * `run` resolves with a small summary logged at the end (counts only, never secrets) or throws.
 */
export interface ScheduledJob {
  /** Stable name: node-cron task name, lease name, log field and metric label. */
  name: string;
  /** node-cron expression (5 or 6 fields; seconds first when 6). */
  cron: string;
  /** A run still going after this many ms is aborted (its AbortSignal fires) and reported `timed_out`. */
  timeoutMs: number;
  run(context: JobContext): Promise<Record<string, unknown> | undefined>;
}

/** How a run ended; `skipped` = another replica held the job's lease. */
export type JobOutcome = 'succeeded' | 'failed' | 'timed_out' | 'skipped';

/** The report of one run. */
export interface JobRunResult {
  job: string;
  runId: string;
  outcome: JobOutcome;
  /** Wall-clock duration from the injected clock, ms. */
  durationMs: number;
  /** Scrubbed error message for `failed` and `timed_out`. */
  error?: string;
  summary?: Record<string, unknown>;
}
