import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden snapshot collect|schema`. */
export function registerSnapshotCommands(program: Command, cli: CliContext): void {
  const snapshot = program.command('snapshot').description('Snapshot helpers.');
  snapshot
    .command('collect')
    .description('Collect a live snapshot from Databricks system tables and the REST API (progress on stderr).')
    .requiredOption(
      '--out <file>',
      'where to write the snapshot: .jsonl/.ndjson = JSON Lines (streamed by scan), else one JSON document; .gz = gzip (written only if the whole collection succeeds)',
    )
    .option('--window <days>', 'days of history, e.g. 30d (default databricks.windowDays)')
    .option(
      '--require-full',
      'fail (exit 1) instead of writing a degraded snapshot when the SQL warehouse or a system table is unavailable',
      false,
    )
    .action(async (opts: { out: string; window?: string; requireFull: boolean }) => {
      await cli.withConfig(async (loaded) => {
        const [{ snapshotCollectCommand }, { createDatabricksAccess }, { loggerFor }] = await Promise.all([
          import('./snapshot-collect-command.ts'),
          import('../databricks/databricks-access.ts'),
          import('../main.ts'),
        ]);
        const databricks = createDatabricksAccess(loaded, loggerFor(loaded));
        await snapshotCollectCommand(opts, cli.output, (collection) => databricks.collectSnapshot(collection));
      });
    });
  snapshot
    .command('schema')
    .description('Print the JSON Schema of a snapshot file.')
    .action(async () => {
      const { printSnapshotSchema } = await import('./schema-commands.ts');
      printSnapshotSchema(cli.output);
    });
}
