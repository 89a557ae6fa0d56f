import type { Command } from 'commander';
import { ConfigError } from '../errors.ts';
import type { CliContext } from './cli-context.ts';

/** `lakewarden actions list|show|verify|rollback`: the audit of what lakewarden did, and rollback on demand. */
export function registerActionsCommands(program: Command, cli: CliContext): void {
  const actions = program
    .command('actions')
    .description('Audit the actions lakewarden took (store + hash-chained history).');
  actions
    .command('list')
    .description('List actions, newest first.')
    .option(
      '--state <states>',
      'only these states, comma-separated (queued, applying, deferred, verifying, verified, failed, refused, rolled_back)',
    )
    .option('--json', 'print JSON', false)
    .action(async (opts: { state?: string; json: boolean }) => {
      await cli.withServices(async (_loaded, services) => {
        const { actionsList } = await import('./actions-commands.ts');
        await actionsList(await services.store.open(), cli.output, opts);
      });
    });
  actions
    .command('show <id>')
    .description('Show one action: state, plan, values read, and its history events with hashes.')
    .option('--json', 'print JSON', false)
    .action(async (id: string, opts: { json: boolean }) => {
      await cli.withServices(async (_loaded, services) => {
        const { actionsShow } = await import('./actions-commands.ts');
        await actionsShow(await services.store.open(), id, cli.output, opts.json);
      });
    });
  actions
    .command('verify')
    .description('Recompute the history hash chain; exit 1 when an event was edited, deleted or inserted.')
    .option(
      '--against-jira',
      'also compare the history with the chain heads posted in the Jira evidence comments (detects deleted newest events and a rewritten tail)',
    )
    .action(async (opts: { againstJira?: boolean }) => {
      await cli.withServices(async (_loaded, services) => {
        if (opts.againstJira === true && services.tracker === undefined) {
          throw new ConfigError(
            '--against-jira needs Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT) and the project key',
          );
        }
        const { actionsVerify } = await import('./actions-commands.ts');
        const tracker = opts.againstJira === true ? services.tracker : undefined;
        if (
          (await actionsVerify(await services.store.open(), cli.output, tracker === undefined ? {} : { tracker })) !== 0
        )
          cli.setExitCode(1);
      });
    });
  actions
    .command('rollback <id>')
    .description(
      'Roll back a verified action: restore the values it replaced through the same strategy, verify by read-back, comment "rolled back" and move the issue to jira.statuses.rolledBack. Authorised like an approval (--as must be the assignee or in an approver group).',
    )
    .requiredOption(
      '--as <accountId>',
      'the Jira accountId of the person requesting the rollback (checked and recorded)',
    )
    .action(async (id: string, opts: { as: string }) => {
      await cli.withServices(async (loaded, services) => {
        const [{ actionsRollback }, { prepareService }, { VERSION }] = await Promise.all([
          import('./actions-commands.ts'),
          import('../service/prepare-service.ts'),
          import('../version.ts'),
        ]);
        const prepared = await prepareService(loaded, services, { version: VERSION });
        try {
          if ((await actionsRollback(prepared.runtime, cli.output, id, opts.as)) !== 0) cli.setExitCode(1);
        } finally {
          prepared.dispose();
        }
      });
    });
}
