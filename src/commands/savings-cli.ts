import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden savings measure`. */
export function registerSavingsCommands(program: Command, cli: CliContext): void {
  const savings = program.command('savings').description('Verified savings.');
  savings
    .command('measure')
    .description(
      "Measure every due change's verified savings from billing (as serve's scheduler does) and post them to Jira (exit 1 if any failed).",
    )
    .option(
      '--billing <file>',
      'billing from a saved snapshot (.json) or a billable usage CSV from the account console (.csv); default: system.billing.usage over SQL',
    )
    .option('--prices <snapshot>', 'snapshot whose list prices price a CSV (needed with --billing <export.csv>)')
    .option('--json', 'print JSON', false)
    .action(async (opts: { billing?: string; prices?: string; json: boolean }) => {
      await cli.withServices(async (loaded, services) => {
        const { savingsMeasureCommand } = await import('./savings-measure-command.ts');
        const failed = await savingsMeasureCommand(loaded, services, opts, cli.output);
        if (failed > 0) cli.setExitCode(1);
      });
    });
}
