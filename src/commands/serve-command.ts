import type { LoadedConfig } from '../config/load-config.ts';
import type { Services } from '../main.ts';
import type { Metrics } from '../server/metrics.ts';
import { runServeOnce, startServe } from '../service/start-serve.ts';
import type { Output } from './output.ts';

/** The process signals that stop `lakewarden serve` (Kubernetes sends SIGTERM, a terminal SIGINT). */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * `lakewarden serve`: starts the webhook server, the approval worker, the outbox relay, recovery and the
 * scheduler; on SIGTERM or SIGINT stops accepting webhooks and scheduling, lets in-flight work finish within
 * `drainTimeoutMs` (default `service.shutdownGraceSeconds`), flushes the logs and resolves (exit 0).
 * With `once`: runs every scheduled job once and resolves with exit code 1 when any failed or timed out.
 * @returns the exit code.
 * @throws ConfigError (exit 2) when JIRA_WEBHOOK_SECRET or the Jira / Databricks settings are missing.
 */
export async function serveCommand(
  loaded: LoadedConfig,
  services: Services,
  output: Output,
  signals: SignalSource,
  options: { version: string; port?: number; drainTimeoutMs?: number; once?: boolean; metrics?: Metrics },
): Promise<number> {
  if (options.once === true) {
    const results = await runServeOnce(loaded, services, { version: options.version });
    for (const r of results) {
      output.err(
        `lakewarden serve --once: ${r.job} ${r.outcome} in ${Math.round(r.durationMs)} ms${r.error === undefined ? '' : ` (${r.error})`}`,
      );
    }
    return results.some((r) => r.outcome === 'failed' || r.outcome === 'timed_out') ? 1 : 0;
  }
  const drainTimeoutMs = options.drainTimeoutMs ?? loaded.config.service.shutdownGraceSeconds * 1000;
  const running = await startServe(loaded, services, options);
  output.err(
    `lakewarden serve: listening on ${running.url} (dry run ${loaded.config.remediation.dryRun ? 'on' : 'off'})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      output.err('lakewarden serve: stopping (no new webhooks or jobs; finishing in-flight work)');
      // A call stuck past its own timeout must not keep the process alive forever: whatever is in flight
      // is resolved by the next start's recovery (read back, never re-applied blindly).
      const timer = setTimeout(() => {
        output.err(`lakewarden serve: drain did not finish within ${drainTimeoutMs} ms; exiting anyway`);
        resolve();
      }, drainTimeoutMs + 1000);
      timer.unref();
      running.stop(drainTimeoutMs).then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => {
          clearTimeout(timer);
          resolve();
        },
      );
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  return 0;
}
