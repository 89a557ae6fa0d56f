#!/usr/bin/env node
// First: refuse an unsupported Node.js (exit 2, with the version needed) before any native module loads.
import './node-version-guard.ts';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { aiAuditCommand } from './ai/ai-audit-command.ts';
import type { AiTables } from './ai/ai-tables.ts';
import { aiEvalCommand } from './ai/eval/ai-eval-command.ts';
import { actionsList, actionsShow, actionsVerify } from './commands/actions-commands.ts';
import { configValidate } from './commands/config-validate-command.ts';
import { doctorCommand } from './commands/doctor-command.ts';
import { handleCliError } from './commands/handle-cli-error.ts';
import { initCommand } from './commands/init-command.ts';
import { collectLive, liveCollectionConfigured } from './commands/live-collection.ts';
import { type Output, processOutput } from './commands/output.ts';
import { rulesList, rulesValidate } from './commands/rules-commands.ts';
import { savingsMeasureCommand } from './commands/savings-measure-command.ts';
import { scanCommand } from './commands/scan-command.ts';
import { printConfigSchema, printSnapshotSchema } from './commands/schema-commands.ts';
import { serveCommand } from './commands/serve-command.ts';
import { snapshotCollectCommand } from './commands/snapshot-collect-command.ts';
import { createTerminalProgress } from './commands/terminal-progress.ts';
import { type LoadedConfig, loadConfig } from './config/load-config.ts';
import { ConfigError } from './errors.ts';
import { createBootstrapJira } from './jira/bootstrap/create-bootstrap-jira.ts';
import { jiraBootstrapCommand } from './jira/bootstrap/jira-bootstrap-command.ts';
import { createServices, scrubberFor } from './main.ts';
import { createJiraIssueStatusSource } from './reporting/create-jira-issue-status-source.ts';
import { reportCommand } from './reporting/report-command.ts';
import { createMetrics } from './server/metrics.ts';
import { VERSION } from './version.ts';

/**
 * Builds the `lakewarden` command line (commander). Exit codes: 0 success, 1 runtime failure,
 * 2 invalid input or configuration. `run` returns the exit code instead of exiting so tests can call it.
 */
export function buildProgram(output: Output, setExitCode: (code: number) => void): Command {
  const program = new Command('lakewarden')
    .description('Databricks cost and reliability findings, filed in Jira to their owners.')
    .version(VERSION)
    .addOption(new Option('-c, --config <file>', 'lakewarden.yaml (default: $LAKEWARDEN_CONFIG or ./lakewarden.yaml)'))
    .addOption(
      new Option(
        '--log-format <format>',
        'human: warnings and errors in plain words on stderr (default); json: JSON log lines at LOG_LEVEL on stderr (default of serve)',
      ).choices(['human', 'json']),
    )
    .addOption(
      new Option(
        '--profile <name>',
        'Databricks profile of ~/.databrickscfg (default: $DATABRICKS_CONFIG_PROFILE, databricks.profile, DEFAULT)',
      ),
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .exitOverride();

  // The command being run: `serve` logs JSON by default (a service's logs are collected), the others in plain words.
  let commandName = '';
  program.hook('preAction', (_program, action) => {
    commandName = action.name();
  });
  const withConfig = async (fn: (loaded: LoadedConfig) => Promise<void>): Promise<void> => {
    let scrub = (text: string) => text;
    try {
      const opts = program.opts<{ config?: string; logFormat?: 'human' | 'json'; profile?: string }>();
      const loaded: LoadedConfig = {
        ...(await loadConfig({ path: opts.config, profile: opts.profile })),
        logFormat: opts.logFormat ?? (commandName === 'serve' ? 'json' : 'human'),
      };
      scrub = scrubberFor(loaded);
      await fn(loaded);
    } catch (error) {
      setExitCode(handleCliError(error, output, scrub));
    }
  };

  program
    .command('init')
    .description(
      'Write a commented starter lakewarden.yaml (and lakewarden.schema.json for editor completion) and print the next three commands.',
    )
    .option('--out <file>', 'where to write the configuration', 'lakewarden.yaml')
    .option('--jira <flavour>', 'Jira deployment: cloud (Jira Data Center is not supported yet)', 'cloud')
    .option('--force', 'overwrite an existing file', false)
    .action(async (opts: { out: string; jira: string; force: boolean }) => {
      try {
        await initCommand(opts, output);
      } catch (error) {
        setExitCode(handleCliError(error, output, (t) => t));
      }
    });

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
        await withConfig(async (loaded) => {
          const services = await createServices(loaded);
          try {
            // A TTY gets a progress display (collect, evaluate, sync); elsewhere collection prints its steps.
            const progress = createTerminalProgress(process.stderr);
            const collect = liveCollectionConfigured(loaded)
              ? async () => {
                  progress?.start('collect', undefined);
                  try {
                    return await collectLive(loaded, {
                      onProgress: (m) => (progress === undefined ? output.err(`… ${m}`) : progress.advance(1, m)),
                      requireFull: opts.requireFull,
                    });
                  } finally {
                    progress?.finish();
                  }
                }
              : undefined;
            await scanCommand(loaded, services, { ...opts, progress }, output, collect);
          } finally {
            await services.close();
          }
        });
      },
    );

  const rules = program.command('rules').description('Inspect and validate rules/*.yaml.');
  rules
    .command('list')
    .description('List the rules with kind, category, severity, strategy and autonomy.')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) => {
      await withConfig((loaded) => rulesList(loaded, output, opts.json));
    });
  rules
    .command('validate')
    .description('Validate every rule file and compile its CEL (exit 2 with file:line on errors).')
    .action(async () => {
      await withConfig((loaded) => rulesValidate(loaded, output));
    });

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
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          const failed = await doctorCommand(loaded, services, output, { startWarehouse: opts.startWarehouse });
          if (failed > 0) setExitCode(1);
        } finally {
          await services.close();
        }
      });
    });

  const ai = program.command('ai').description('Optional AI features (off unless ai.enabled).');
  ai.command('audit')
    .description('List every audited model exchange: time, model, region, endpoint, tokens, prompt hash.')
    .option('--since <iso>', 'only exchanges at or after this ISO time')
    .option('--limit <n>', 'at most this many rows', (v) => Number.parseInt(v, 10))
    .option('--json', 'print full rows including the exact minimized request and the response', false)
    .action(async (opts: { since?: string; limit?: number; json: boolean }) => {
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          await aiAuditCommand(services.store.db.withTables<AiTables>(), output, opts);
        } finally {
          await services.close();
        }
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
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
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
            output,
          );
        } finally {
          await services.close();
        }
      });
    });

  const jira = program.command('jira').description('Jira set-up for reporting.');
  jira
    .command('bootstrap')
    .description(
      'Find or create the savings number fields and shared filters, check the workflow statuses (dry run by default).',
    )
    .option('--apply', 'create what is missing (idempotent)', false)
    .action(async (opts: { apply: boolean }) => {
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          const connection = services.jira;
          if (connection === undefined)
            throw new ConfigError(
              'jira bootstrap needs JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PROJECT_KEY',
            );
          await jiraBootstrapCommand(
            {
              jira: createBootstrapJira(connection.context),
              projectKey: connection.projectKey,
              jiraConfig: loaded.config.jira,
            },
            opts,
            output,
          );
        } finally {
          await services.close();
        }
      });
    });

  program
    .command('report')
    .description('Estimated, approved and verified savings by team, owner, rule, workspace and month; funnel and ages.')
    .option('--format <format>', 'table, markdown, csv, json or html', 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--since <date>', 'only findings first seen on or after YYYY-MM-DD')
    .action(async (opts: { format?: string; out?: string; since?: string }) => {
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          const connection = services.jira;
          await reportCommand(
            {
              store: services.store,
              ...(connection === undefined
                ? {}
                : { statuses: createJiraIssueStatusSource(connection.context, connection.projectKey) }),
              jiraConfig: loaded.config.jira,
              now: () => new Date(),
            },
            opts,
            output,
          );
        } finally {
          await services.close();
        }
      });
    });

  const config = program.command('config').description('Configuration helpers.');
  config
    .command('schema')
    .description('Print the JSON Schema of lakewarden.yaml (for editor completion).')
    .action(() => printConfigSchema(output));
  config
    .command('validate')
    .description(
      'Validate lakewarden.yaml (unknown keys at any depth), the environment, and the rules, overrides and templates as scan loads them (exit 2 naming the file, line and path).',
    )
    .action(async () => {
      await withConfig((loaded) => configValidate(loaded, output));
    });

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
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          const failed = await savingsMeasureCommand(loaded, services, opts, output);
          if (failed > 0) setExitCode(1);
        } finally {
          await services.close();
        }
      });
    });

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
      await withConfig((loaded) => snapshotCollectCommand(loaded, opts, output));
    });
  snapshot
    .command('schema')
    .description('Print the JSON Schema of a snapshot file.')
    .action(() => printSnapshotSchema(output));

  program
    .command('serve')
    .description(
      'Run the webhook server (POST /webhooks/jira, /healthz, /readyz, /metrics), the approval worker, the Jira outbox relay, crash recovery and the scheduled jobs (scan, verification follow-ups, outbox retries, housekeeping); SIGTERM/SIGINT drain and exit.',
    )
    .option('--port <n>', 'listen port (default $PORT or 8080)', (v) => Number.parseInt(v, 10))
    .option('--once', 'run every scheduled job once and exit (1 if any failed); for cron-based or CI deployments')
    .action(async (opts: { port?: number; once?: boolean }) => {
      await withConfig(async (loaded) => {
        const metrics = createMetrics();
        const services = await createServices(loaded, { callMetrics: metrics });
        try {
          const code = await serveCommand(loaded, services, output, process, {
            version: VERSION,
            metrics,
            ...(opts.port === undefined ? {} : { port: opts.port }),
            ...(opts.once === true ? { once: true } : {}),
          });
          if (code !== 0) setExitCode(code);
        } finally {
          await services.close();
          // A call still on the wire after the grace period (e.g. a Databricks write with a long timeout) must
          // not keep the process alive: its action is resumed by the next start's recovery (read back first).
          if (invokedDirectly()) setTimeout(() => process.exit(), SERVE_EXIT_AFTER_DRAIN_MS).unref();
        }
      });
    });

  const actions = program
    .command('actions')
    .description('Audit the actions lakewarden took (store + hash-chained history).');
  actions
    .command('list')
    .description('List actions, newest first.')
    .option(
      '--state <states>',
      'only these states, comma-separated (queued, applying, verifying, verified, failed, refused, rolled_back)',
    )
    .option('--json', 'print JSON', false)
    .action(async (opts: { state?: string; json: boolean }) => {
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          await actionsList(services.store, output, opts);
        } finally {
          await services.close();
        }
      });
    });
  actions
    .command('show <id>')
    .description('Show one action: state, plan, values read, and its history events with hashes.')
    .option('--json', 'print JSON', false)
    .action(async (id: string, opts: { json: boolean }) => {
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          await actionsShow(services.store, id, output, opts.json);
        } finally {
          await services.close();
        }
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
      await withConfig(async (loaded) => {
        const services = await createServices(loaded);
        try {
          if (opts.againstJira === true && services.tracker === undefined) {
            throw new ConfigError(
              '--against-jira needs Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and the project key',
            );
          }
          const tracker = opts.againstJira === true ? services.tracker : undefined;
          if ((await actionsVerify(services.store, output, tracker === undefined ? {} : { tracker })) !== 0)
            setExitCode(1);
        } finally {
          await services.close();
        }
      });
    });

  return program;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], output: Output = processOutput): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

/** How long `serve` waits after its drain before exiting even if a socket or timer is still open, ms. */
const SERVE_EXIT_AFTER_DRAIN_MS = 1000;

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
