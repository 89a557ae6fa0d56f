import type { LoadedConfig } from '../config/load-config.ts';
import type { Services } from '../main.ts';
import { startServe } from '../service/start-serve.ts';
import type { Output } from './output.ts';

/** How long SIGTERM waits for the worker and relay to finish their current item (Kubernetes' grace is 30 s). */
const DRAIN_TIMEOUT_MS = 25_000;

/** The process signals that stop `lakewarden serve` (Kubernetes sends SIGTERM, a terminal SIGINT). */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * `lakewarden serve`: starts the webhook server, the approval worker, the outbox relay and recovery; on
 * SIGTERM or SIGINT stops accepting requests, drains the worker and relay (at most `drainTimeoutMs`,
 * default 25 s), and resolves (exit 0).
 * @throws ConfigError (exit 2) when JIRA_WEBHOOK_SECRET or the Jira / Databricks settings are missing.
 */
export async function serveCommand(
  loaded: LoadedConfig,
  services: Services,
  output: Output,
  signals: SignalSource,
  options: { version: string; port?: number; drainTimeoutMs?: number },
): Promise<void> {
  const drainTimeoutMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
  const running = await startServe(loaded, services, options);
  output.err(
    `lakewarden serve: listening on ${running.url} (dry run ${loaded.config.remediation.dryRun ? 'on' : 'off'})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      output.err('lakewarden serve: stopping (draining the worker and the relay)');
      // A call stuck past its own timeout must not keep the process alive forever: whatever is in flight
      // is resolved by the next start's recovery (read back, never re-applied blindly).
      const timer = setTimeout(() => {
        output.err(`lakewarden serve: drain did not finish within ${drainTimeoutMs} ms; exiting anyway`);
        resolve();
      }, drainTimeoutMs);
      timer.unref();
      running.stop().then(
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
}
