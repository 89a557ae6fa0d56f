import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';
import { handleCliError } from './handle-cli-error.ts';

/** `lakewarden init`: a commented starter configuration (no configuration is loaded). */
export function registerInitCommand(program: Command, cli: CliContext): void {
  program
    .command('init')
    .description(
      'Write a commented starter lakewarden.yaml (and lakewarden.schema.json for editor completion) and print the next three commands.',
    )
    .option('--out <file>', 'where to write the configuration', 'lakewarden.yaml')
    .option('--jira <flavour>', 'Jira deployment: cloud or datacenter (Jira Data Center / Server 10+)', 'cloud')
    .option('--force', 'overwrite an existing file', false)
    .action(async (opts: { out: string; jira: string; force: boolean }) => {
      try {
        const { initCommand } = await import('./init-command.ts');
        await initCommand(opts, cli.output);
      } catch (error) {
        cli.setExitCode(handleCliError(error, cli.output, (t) => t));
      }
    });
}
