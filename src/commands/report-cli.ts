import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/** `lakewarden report`: estimated, approved and verified savings. */
export function registerReportCommand(program: Command, cli: CliContext): void {
  program
    .command('report')
    .description('Estimated, approved and verified savings by team, owner, rule, workspace and month; funnel and ages.')
    .option('--format <format>', 'table, markdown, csv, json or html', 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--since <date>', 'only findings first seen on or after YYYY-MM-DD')
    .action(async (opts: { format?: string; out?: string; since?: string }) => {
      await cli.withServices(async (loaded, services) => {
        const { reportCommand } = await import('./report-command.ts');
        await reportCommand(
          {
            store: await services.store.open(),
            ...(services.tracker === undefined ? {} : { statuses: services.tracker }),
            jiraConfig: loaded.config.jira,
            jiraBaseUrl: loaded.env.JIRA_BASE_URL,
            now: () => new Date(),
          },
          opts,
          cli.output,
        );
      });
    });
}
