import { Command, Option } from 'commander';
import { VERSION } from '../version.ts';
import { registerActionsCommands } from './actions-cli.ts';
import { registerAiCommands } from './ai-cli.ts';
import { createCliContext } from './cli-context.ts';
import { registerConfigCommands } from './config-cli.ts';
import { registerDoctorCommand } from './doctor-cli.ts';
import { registerInitCommand } from './init-cli.ts';
import { registerJiraCommands } from './jira-cli.ts';
import { type Output, processOutput } from './output.ts';
import { registerReportCommand } from './report-cli.ts';
import { registerRulesCommands } from './rules-cli.ts';
import { registerSavingsCommands } from './savings-cli.ts';
import { registerScanCommand } from './scan-cli.ts';
import { registerServeCommand } from './serve-cli.ts';
import { registerSnapshotCommands } from './snapshot-cli.ts';

/**
 * Builds the `lakewarden` command line (commander). Exit codes: 0 success, 1 runtime failure,
 * 2 invalid input or configuration. Each command's wiring is in `src/commands/*-cli.ts` and imports its
 * implementation (and through it the adapters) only when it runs, so `--help` stays fast.
 */
export function buildProgram(
  output: Output,
  setExitCode: (code: number) => void,
  invokedDirectly: () => boolean = () => false,
): Command {
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

/**
 * Runs the CLI with the given arguments (without `node` and the script) and returns the exit code.
 * `invokedDirectly` tells `serve` whether this process is the `lakewarden` executable (it then exits after its drain).
 */
export async function runProgram(
  args: readonly string[],
  output: Output = processOutput,
  invokedDirectly: () => boolean = () => false,
): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(
    output,
    (code) => {
      exitCode = code;
    },
    invokedDirectly,
  );
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}
