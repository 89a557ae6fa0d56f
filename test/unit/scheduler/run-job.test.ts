import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src/scheduler/run-job.ts';
import type { JobContext, ScheduledJob } from '../../../src/scheduler/scheduled-job.ts';
import { captureLogger } from './support.ts';

function job(run: ScheduledJob['run'], timeoutMs = 60_000): ScheduledJob {
  return { name: 'scan', cron: '* * * * *', timeoutMs, run };
}

/** A clock that advances 250 ms per reading. */
function steppingClock() {
  let t = 1_000;
  return () => {
    t += 250;
    return t;
  };
}

describe('runJob', () => {
  it('reports success with the summary, the injected-clock duration and job/runId in every line', async () => {
    const { logger, lines, scrub } = captureLogger();
    const results: unknown[] = [];
    const result = await runJob(
      job(async ({ logger: jobLogger }) => {
        jobLogger.info({ step: 1 }, 'working');
        return { findings: 3 };
      }),
      { logger, scrub, now: steppingClock(), onResult: (r) => results.push(r) },
    );
    expect(result).toMatchObject({ job: 'scan', outcome: 'succeeded', durationMs: 250, summary: { findings: 3 } });
    expect(results).toEqual([result]);
    expect(lines.map((l) => l.msg)).toEqual(['job started', 'working', 'job finished']);
    for (const line of lines) expect(line).toMatchObject({ job: 'scan', runId: result.runId });
  });

  it('reports a failure with its message scrubbed of secrets, and never throws', async () => {
    const { logger, lines, scrub } = captureLogger(['jira-secret-token-1234']);
    const result = await runJob(
      job(async () => {
        throw new Error('Jira said 401 for jira-secret-token-1234');
      }),
      { logger, scrub },
    );
    expect(result.outcome).toBe('failed');
    expect(result.error).toBe('Jira said 401 for [REDACTED]');
    expect(JSON.stringify(lines)).not.toContain('jira-secret-token-1234');
    expect(lines.at(-1)?.msg).toBe('job failed');
  });

  it('aborts the job through its AbortSignal when it exceeds the timeout and reports timed_out', async () => {
    const { logger, lines, scrub } = captureLogger();
    let seen: JobContext | undefined;
    const result = await runJob(
      job(async (context) => {
        seen = context;
        await new Promise(() => undefined); // ignores the signal: runJob must not wait for it
        return undefined;
      }, 5),
      { logger, scrub },
    );
    expect(result.outcome).toBe('timed_out');
    expect(result.error).toContain('exceeded its timeout of 5 ms');
    expect(seen?.signal.aborted).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: 'job timed out', timeoutMs: 5 });
  });

  it('a job that honours the signal and throws on abort is timed_out too, not failed', async () => {
    const { logger, scrub } = captureLogger();
    const result = await runJob(
      job(async ({ signal }) => {
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        return undefined;
      }, 5),
      { logger, scrub },
    );
    expect(result.outcome).toBe('timed_out');
  });

  it('stops a running job when the service stops', async () => {
    const { logger, scrub } = captureLogger();
    const stop = new AbortController();
    const running = runJob(
      job(async () => {
        await new Promise(() => undefined);
        return undefined;
      }),
      { logger, scrub, stop: stop.signal },
    );
    stop.abort();
    const result = await running;
    expect(result.outcome).toBe('timed_out');
    expect(result.error).toContain('shutting down');
  });
});
