import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load-config.ts';
import type { ServiceOptions, Services } from '../main.ts';
import { handleCliError } from './handle-cli-error.ts';
import type { Output } from './output.ts';

/**
 * What each command's wiring (`src/commands/*-cli.ts`) receives from the program (`src/commands/program.ts`). Configuration and the
 * composition root (`src/main.ts`) are imported on first use, so `lakewarden --help` loads neither.
 */
export interface CliContext {
  output: Output;
  setExitCode(code: number): void;
  /** True when this process is the `lakewarden` executable (not a test calling `runCli`). */
  invokedDirectly(): boolean;
  /** Loads configuration and runs `fn`; any error becomes the exit code (`handleCliError`), secrets scrubbed. */
  withConfig(fn: (loaded: LoadedConfig) => Promise<void>): Promise<void>;
  /** `withConfig`, then the adapters of `createServices` (closed after `fn`, also when it throws). */
  withServices(
    fn: (loaded: LoadedConfig, services: Services) => Promise<void>,
    options?: ServiceOptions,
  ): Promise<void>;
}

/** Builds the context over the root `program` (its global options: --config, --log-format, --profile). */
export function createCliContext(
  program: Command,
  output: Output,
  setExitCode: (code: number) => void,
  invokedDirectly: () => boolean,
): CliContext {
  // The command being run: `serve` logs JSON by default (a service's logs are collected), the others in plain words.
  let commandName = '';
  program.hook('preAction', (_program, action) => {
    commandName = action.name();
  });
  const withConfig = async (fn: (loaded: LoadedConfig) => Promise<void>): Promise<void> => {
    let scrub = (text: string) => text;
    try {
      const [{ loadConfig }, { scrubberFor }] = await Promise.all([
        import('../config/load-config.ts'),
        import('../main.ts'),
      ]);
      const opts = program.opts<{ config?: string; logFormat?: 'human' | 'json'; profile?: string }>();
      const loaded: LoadedConfig = {
        ...(await loadConfig({ path: opts.config, profile: opts.profile })),
        logFormat: opts.logFormat ?? (commandName === 'serve' ? 'json' : 'human'),
      };
      scrub = scrubberFor(loaded);
      await fn(loaded);
    } catch (error) {
      setExitCode(handleCliError(error, output, scrub));
    }
  };
  return {
    output,
    setExitCode,
    invokedDirectly,
    withConfig,
    withServices: (fn, options) =>
      withConfig(async (loaded) => {
        const { createServices } = await import('../main.ts');
        const services = await createServices(loaded, options);
        try {
          await fn(loaded, services);
        } finally {
          await services.close();
        }
      }),
  };
}
