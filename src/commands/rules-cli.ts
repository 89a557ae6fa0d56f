import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden rules list|validate`. */
export function registerRulesCommands(program: Command, cli: CliContext): void {
  const rules = program.command('rules').description('Inspect and validate rules/*.yaml.');
  rules
    .command('list')
    .description('List the rules with kind, category, severity, strategy and autonomy.')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) => {
      await cli.withConfig(async (loaded) => {
        const { rulesList } = await import('./rules-commands.ts');
        await rulesList(loaded, cli.output, opts.json);
      });
    });
  rules
    .command('validate')
    .description('Validate every rule file and compile its CEL (exit 2 with file:line on errors).')
    .action(async () => {
      await cli.withConfig(async (loaded) => {
        const { rulesValidate } = await import('./rules-commands.ts');
        await rulesValidate(loaded, cli.output);
      });
    });
}
