import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../config/load-config.ts';
import type { InboxPort } from '../intake/inbox-port.ts';
import type { Services } from '../main.ts';
import type { Scheduler } from '../scheduler/create-scheduler.ts';
import type { JobRunResult } from '../scheduler/scheduled-job.ts';
import type { Metrics } from '../server/metrics.ts';
import type { ApprovalRuntime } from './create-approval-runtime.ts';
import { prepareService } from './prepare-service.ts';

/** A running `lakewarden serve`. */
export interface RunningServer {
  url: string;
  runtime: ApprovalRuntime;
  scheduler: Scheduler;
  metrics: Metrics;
  /**
   * Stops accepting webhooks, stops scheduling, lets in-flight jobs, deliveries and actions finish within
   * `graceMs` (default `service.shutdownGraceSeconds`), flushes the logs; resolves when everything stopped
   * or the grace ran out (what is left is resumed from its write-ahead record at the next start). Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `lakewarden serve` (docs/operations.md "Start-up"): {@link prepareService} (configuration, store,
 * Jira `/myself` fatal, Databricks reachability warning), crash recovery and the approval loops, the HTTP
 * server (/readyz answers 503 `starting` until the scheduler runs), the scheduler, then ready.
 *
 * @throws ConfigError (exit 2) for a missing secret or credentials; errors of the Jira identity check.
 */
export async function startServe(
  loaded: LoadedConfig,
  services: Services,
  options: { version: string; port?: number; host?: string; metrics?: Metrics },
): Promise<RunningServer> {
  const { config, env } = loaded;
  const { logger, store } = services;
  const prepared = await prepareService(loaded, services, {
    version: options.version,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  const { runtime, scheduler, metrics, ports } = prepared;
  let ready = false;
  await runtime.start();
  const inbox: InboxPort = {
    async recordDelivery(delivery) {
      const outcome = await ports.inbox.recordDelivery(delivery);
      if (outcome === 'accepted') runtime.wake();
      return outcome;
    },
    isRecorded: (delivery) => ports.inbox.isRecorded(delivery),
  };
  const app = await services.createHttpApp({
    inbox,
    webhookSecrets: prepared.webhookSecrets,
    serveWebhooks: prepared.serveWebhooks,
    automationSecret: prepared.automationSecret,
    bodyLimitBytes: config.server.bodyLimitBytes,
    askCommand: config.ai.askCommand,
    logger,
    now: () => new Date(),
    readiness: { pingStore: () => store.ping(), configLoaded: () => true, started: () => ready },
    metrics,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? env.PORT, options.host ?? config.server.host, () =>
      resolve(listening),
    );
    listening.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  scheduler.start();
  ready = true;
  logger.info(
    { url, dryRun: config.remediation.dryRun, dialect: store.dialect, replica: prepared.holder },
    'lakewarden serve ready',
  );
  let stopped: Promise<void> | undefined;
  return {
    url,
    runtime,
    scheduler,
    metrics,
    stop(graceMs = config.service.shutdownGraceSeconds * 1000) {
      stopped ??= (async () => {
        ready = false;
        prepared.dispose();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([scheduler.stop(graceMs), runtime.stop()]);
        await closed;
        logger.info({}, 'lakewarden serve stopped');
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
      })();
      return stopped;
    },
  };
}

/**
 * `lakewarden serve --once`: the same start-up checks, crash recovery once, then every scheduled job once, one
 * after the other (with Postgres a job whose lease another replica holds is `skipped`), then the outbox is
 * drained once more. No HTTP server, no background loops.
 * @returns every job's result; the caller exits 1 when any `failed` or `timed_out`.
 */
export async function runServeOnce(
  loaded: LoadedConfig,
  services: Services,
  options: { version: string },
): Promise<JobRunResult[]> {
  const prepared = await prepareService(loaded, services, options);
  try {
    await prepared.runtime.recoverOnce(services.store.dialect === 'sqlite' ? { staleMs: 0 } : {});
    return await prepared.scheduler.runOnce();
  } finally {
    prepared.dispose();
    await prepared.scheduler.stop(0);
    await new Promise<void>((resolve) => services.logger.flush(() => resolve()));
  }
}
