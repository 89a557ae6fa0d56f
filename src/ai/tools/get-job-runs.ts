import { z } from 'zod';
import { findResource, notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

/**
 * get_job_runs — run statistics of the job over the window (system.lakeflow run timelines): runs, failures,
 * retries, durations (seconds), the cost of failed and retried runs (USD), and per-task retry/timeout
 * settings. Individual runs and their error messages are not collected.
 */
export const getJobRuns = defineTool({
  name: 'get_job_runs',
  description:
    'Returns run statistics of the job of this issue over the window: runs, failed runs, consecutive failures, retries, p50/p95/max duration in seconds, runaway runs, cost of failed and retried runs in USD, and per-task retry and timeout settings. Individual runs and error messages are not available.',
  parameters: z.object({}),
  run: (_args, context) => {
    const resource = findResource(context);
    if (resource === undefined) return notAvailable('no snapshot holds this resource');
    if (resource.kind !== 'job') return notAvailable(`the resource is a ${resource.kind}, not a job`);
    const f = resource.facts;
    return {
      window: context.snapshot?.window,
      runs: f.runs,
      failedRuns: f.failedRuns,
      consecutiveFailures: f.consecutiveFailures,
      retryRuns: f.retryRuns,
      p50DurationSec: f.p50DurationSec,
      p95DurationSec: f.p95DurationSec,
      maxDurationSec: f.maxDurationSec,
      runawayRuns: f.runawayRuns,
      failedRunCostUsd: f.failedRunCostUsd,
      retryCostUsd: f.retryCostUsd,
      jobTimeoutSeconds: resource.config.timeout_seconds,
      tasks: resource.config.tasks.map((t) => ({
        task_key: t.task_key,
        max_retries: t.max_retries ?? null,
        timeout_seconds: t.timeout_seconds ?? null,
        retry_on_timeout: t.retry_on_timeout ?? null,
      })),
      note: 'individual runs and error messages are not collected',
    };
  },
});
