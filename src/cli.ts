#!/usr/bin/env node
// First: refuse an unsupported Node.js (exit 2, with the version needed) before any native module loads.
import './node-version-guard.ts';
// Second: cache compiled code on disk so later runs skip parsing the modules every command imports on demand.
import './enable-compile-cache.ts';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { registerActionsCommands } from './commands/actions-cli.ts';
import { registerAiCommands } from './commands/ai-cli.ts';
import { createCliContext } from './commands/cli-context.ts';
import { registerConfigCommands } from './commands/config-cli.ts';
import { registerDoctorCommand } from './commands/doctor-cli.ts';
import { registerInitCommand } from './commands/init-cli.ts';
import { registerJiraCommands } from './commands/jira-cli.ts';
import { type Output, processOutput } from './commands/output.ts';
import { registerReportCommand } from './commands/report-cli.ts';
import { registerRulesCommands } from './commands/rules-cli.ts';
import { registerSavingsCommands } from './commands/savings-cli.ts';
import { registerScanCommand } from './commands/scan-cli.ts';
import { registerServeCommand } from './commands/serve-cli.ts';
import { registerSnapshotCommands } from './commands/snapshot-cli.ts';
import { VERSION } from './version.ts';

/**
 * Builds the `lakewarden` command line (commander). Exit codes: 0 success, 1 runtime failure,
 * 2 invalid input or configuration. Each command's wiring is in `src/commands/*-cli.ts` and imports its
 * implementation (and through it the adapters) only when it runs, so `--help` stays fast.
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

  const cli = createCliContext(program, output, setExitCode, invokedDirectly);
  registerInitCommand(program, cli);
  registerScanCommand(program, cli);
  registerRulesCommands(program, cli);
  registerDoctorCommand(program, cli);
  registerAiCommands(program, cli);
  registerJiraCommands(program, cli);
  registerReportCommand(program, cli);
  registerConfigCommands(program, cli);
  registerSavingsCommands(program, cli);
  registerSnapshotCommands(program, cli);
  registerServeCommand(program, cli);
  registerActionsCommands(program, cli);
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
