import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden scan`: evaluate a snapshot (from a file or collected live) and sync the findings to Jira. */
export function registerScanCommand(program: Command, cli: CliContext): void {
  program
    .command('scan')
    .description(
      'Evaluate the rules on a snapshot and file the findings as Jira issues (dry run without Jira credentials).',
    )
    .option(
      '--snapshot <file>',
      'snapshot to scan (JSON, or JSON Lines .jsonl; either may be gzip-compressed); without it the snapshot is collected live from Databricks',
    )
    .option('--dry-run', 'read Jira but write nothing', false)
    .option('--out <dir>', 'write a Markdown preview and an ADF JSON per issue created, updated or resolved')
    .option('--json', 'print machine-readable findings instead of the table', false)
    .option(
      '--explain <fingerprint>',
      'explain one finding (conditions, series, statistics, params) instead of scanning; nothing is filed',
    )
    .option('--limit <n>', 'show at most n rows of the findings table (0 = all); totals are always printed')
    .option(
      '--sort <column>',
      'sort the findings table by usd (default, largest first), rule, resource, owner or action',
    )
    .option(
      '--require-full',
      'fail (exit 1) instead of degrading when the SQL warehouse or a system table is unavailable',
      false,
    )
    .action(
      async (opts: {
        snapshot?: string;
        dryRun: boolean;
        out?: string;
        json: boolean;
        explain?: string;
        limit?: string;
        sort?: string;
        requireFull: boolean;
      }) => {
        await cli.withServices(async (loaded, services) => {
          const { scanCommand } = await import('./scan-command.ts');
          const { output } = cli;
          // A TTY gets a progress display (collect, evaluate, sync); elsewhere collection prints its steps (and
          // cli-progress is not loaded).
          const progress =
            process.stderr.isTTY === true
              ? (await import('./terminal-progress.ts')).createTerminalProgress(process.stderr)
              : undefined;
          // The SQL driver (and its Arrow and Thrift dependencies) loads only when a live collection runs.
          const collect = !services.databricks.configured()
            ? undefined
            : async () => {
                progress?.start('collect', undefined);
                try {
                  return await services.databricks.collectSnapshot({
                    onProgress: (m) => (progress === undefined ? output.err(`… ${m}`) : progress.advance(1, m)),
                    requireFull: opts.requireFull,
                  });
                } finally {
                  progress?.finish();
                }
              };
          await scanCommand(loaded, services, { ...opts, progress }, output, collect);
        });
      },
    );
}
