import type { Command } from 'commander';
import type { AiTables } from '../ai/ai-tables.ts';
import type { CliContext } from './cli-context.ts';

/** `lakewarden ai audit|eval`. */
export function registerAiCommands(program: Command, cli: CliContext): void {
  const ai = program.command('ai').description('Optional AI features (off unless ai.enabled).');
  ai.command('audit')
    .description('List every audited model exchange: time, model, region, endpoint, tokens, prompt hash.')
    .option('--since <iso>', 'only exchanges at or after this ISO time')
    .option('--limit <n>', 'at most this many rows', (v) => Number.parseInt(v, 10))
    .option('--json', 'print full rows including the exact minimized request and the response', false)
    .action(async (opts: { since?: string; limit?: number; json: boolean }) => {
      await cli.withServices(async (_loaded, services) => {
        const { aiAuditCommand } = await import('./ai-audit-command.ts');
        await aiAuditCommand((await services.store.open()).db.withTables<AiTables>(), cli.output, opts);
      });
    });
  ai.command('eval')
    .description('Replay eval/cases/*.yaml against recorded model responses (or --record live) and print scores.')
    .option('--record', 'call the live model (ai.provider) and rewrite eval/recordings', false)
    .option('--rehash', 'rewrite the prompt hashes of authored recordings after a deliberate prompt change', false)
    .option('--judge', 'also ask the judge model (ai.judgeModel) for accuracy and helpfulness', false)
    .option('--json', 'print JSON', false)
    .option('--min-score <score>', 'lowest acceptable score per case, 0–1', (v) => Number.parseFloat(v), 1)
    .action(async (opts: { record: boolean; rehash: boolean; judge: boolean; json: boolean; minScore: number }) => {
      await cli.withServices(async (loaded, services) => {
        const { aiEvalCommand } = await import('./ai-eval-command.ts');
        await aiEvalCommand(
          {
            root: loaded.baseDir,
            casesDir: 'eval/cases',
            recordingsDir: 'eval/recordings',
            rulesDir: loaded.config.rules.directory,
            ...opts,
            config: loaded.config.ai,
            services: services.ai,
            now: () => new Date(),
            logger: services.logger,
          },
          cli.output,
        );
      });
    });
}
