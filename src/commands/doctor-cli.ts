import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden doctor`: one line per check, exit 1 when any fails. */
export function registerDoctorCommand(program: Command, cli: CliContext): void {
  program
    .command('doctor')
    .description(
      'Check configuration, store, Jira and Databricks, one line each with a fix hint (exit 1 if any fails).',
    )
    .option(
      '--start-warehouse',
      'start a stopped SQL warehouse to run the SQL checks (it bills until it auto-stops; refused with the kill switch on)',
      false,
    )
    .action(async (opts: { startWarehouse: boolean }) => {
      await cli.withServices(async (loaded, services) => {
        const { doctorCommand } = await import('./doctor-command.ts');
        const failed = await doctorCommand(loaded, services, cli.output, { startWarehouse: opts.startWarehouse });
        if (failed > 0) cli.setExitCode(1);
      });
    });
}
