import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden config schema|validate`. */
export function registerConfigCommands(program: Command, cli: CliContext): void {
  const config = program.command('config').description('Configuration helpers.');
  config
    .command('schema')
    .description('Print the JSON Schema of lakewarden.yaml (for editor completion).')
    .action(async () => {
      const { printConfigSchema } = await import('./schema-commands.ts');
      printConfigSchema(cli.output);
    });
  config
    .command('validate')
    .description(
      'Validate lakewarden.yaml (unknown keys at any depth), the environment, and the rules, overrides and templates as scan loads them (exit 2 naming the file, line and path).',
    )
    .action(async () => {
      await cli.withConfig(async (loaded) => {
        const { configValidate } = await import('./config-validate-command.ts');
        await configValidate(loaded, cli.output);
      });
    });
}
