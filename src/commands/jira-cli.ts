import type { Command } from 'commander';
import { ConfigError } from '../errors.ts';
import type { CliContext } from './cli-context.ts';

/** `lakewarden jira bootstrap`: the savings fields, shared filters and workflow statuses reporting needs. */
export function registerJiraCommands(program: Command, cli: CliContext): void {
  const jira = program.command('jira').description('Jira set-up for reporting.');
  jira
    .command('bootstrap')
    .description(
      'Find or create the savings number fields and shared filters, check the workflow statuses (dry run by default).',
    )
    .option('--apply', 'create what is missing (idempotent)', false)
    .action(async (opts: { apply: boolean }) => {
      await cli.withServices(async (loaded, services) => {
        const { tracker, projectKey } = services;
        if (tracker === undefined || projectKey === undefined)
          throw new ConfigError(
            'jira bootstrap needs JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT) and JIRA_PROJECT_KEY',
          );
        const { jiraBootstrapCommand } = await import('./jira-bootstrap-command.ts');
        await jiraBootstrapCommand({ jira: tracker, projectKey, jiraConfig: loaded.config.jira }, opts, cli.output);
      });
    });
}
