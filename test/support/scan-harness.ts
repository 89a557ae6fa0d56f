import { join } from 'node:path';
import { Writable } from 'node:stream';
import { scanCommand } from '../../src/commands/scan-command.ts';
import type { LoadedConfig } from '../../src/config/load-config.ts';
import { createServices } from '../../src/main.ts';
import { saveSnapshot } from '../../src/snapshot/load-snapshot.ts';
import type { Resource } from '../../src/snapshot/schema.ts';
import { buildSnapshot } from './resource-builders.ts';

/** What one `scan` printed and threw. */
export interface ScanRun {
  out: string[];
  err: string[];
  error: unknown;
}

/**
 * Runs `lakewarden scan` end to end on `resources` (saved as a snapshot in `dir`) with the services the
 * composition root builds for `config`; JSON log lines go to `logs`; retries never really wait.
 */
export async function runScan(
  config: LoadedConfig,
  resources: Resource[],
  options: { dir: string; logs: string[]; json?: boolean },
): Promise<ScanRun> {
  const file = join(options.dir, `snapshot-${Math.random()}.json`);
  await saveSnapshot(file, buildSnapshot(resources));
  const run: ScanRun = { out: [], err: [], error: undefined };
  const services = await createServices(config, {
    logDestination: new Writable({
      write(chunk, _encoding, done) {
        options.logs.push(String(chunk));
        done();
      },
    }),
    sleep: async () => {},
  });
  try {
    await scanCommand(
      config,
      services,
      { snapshot: file, dryRun: false, json: options.json ?? false },
      { out: (t) => run.out.push(t), err: (t) => run.err.push(t) },
      undefined,
    );
  } catch (error) {
    run.error = error;
  } finally {
    await services.close();
  }
  return run;
}
