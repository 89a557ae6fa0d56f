import type { Command } from 'commander';
import { VERSION } from '../version.ts';
import type { CliContext } from './cli-context.ts';

/** How long `serve` waits after its drain before exiting even if a socket or timer is still open, ms. */
const SERVE_EXIT_AFTER_DRAIN_MS = 1000;

/** `lakewarden serve`: webhook server, approval worker and scheduled jobs until SIGTERM/SIGINT. */
export function registerServeCommand(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description(
      'Run the webhook server (POST /webhooks/jira, /healthz, /readyz, /metrics), the approval worker, the Jira outbox relay, crash recovery and the scheduled jobs (scan, verification follow-ups, outbox retries, housekeeping); SIGTERM/SIGINT drain and exit.',
    )
    .option('--port <n>', 'listen port (default $PORT or 8080)', (v) => Number.parseInt(v, 10))
    .option('--once', 'run every scheduled job once and exit (1 if any failed); for cron-based or CI deployments')
    .action(async (opts: { port?: number; once?: boolean }) => {
      await cli.withConfig(async (loaded) => {
        const [{ createServeServices }, { serveCommand }] = await Promise.all([
          import('../main.ts'),
          import('./serve-command.ts'),
        ]);
        const services = await createServeServices(loaded);
        try {
          const metrics = await services.metrics();
          const code = await serveCommand(loaded, services, cli.output, process, {
            version: VERSION,
            metrics,
            ...(opts.port === undefined ? {} : { port: opts.port }),
            ...(opts.once === true ? { once: true } : {}),
          });
          if (code !== 0) cli.setExitCode(code);
        } finally {
          await services.close();
          // A call still on the wire after the grace period (e.g. a Databricks write with a long timeout) must
          // not keep the process alive: its action is resumed by the next start's recovery (read back first).
          if (cli.invokedDirectly()) setTimeout(() => process.exit(), SERVE_EXIT_AFTER_DRAIN_MS).unref();
        }
      });
    });
}
