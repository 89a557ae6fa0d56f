#!/usr/bin/env node
// First: refuse an unsupported Node.js (exit 2, with the version needed) before any native module loads.
import './node-version-guard.ts';
// Second: cache compiled code on disk, so later runs skip compiling (and type-stripping) what is imported after it.
import './enable-compile-cache.ts';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Output } from './commands/output.ts';

/**
 * Runs the `lakewarden` command line (commander; `src/commands/program.ts`) with the given arguments (without
 * `node` and the script) and returns the exit code: 0 success, 1 runtime failure, 2 invalid input or
 * configuration. The program is imported here, after the compile cache is on. `executable` is true only when
 * this process is the `lakewarden` executable (this file run directly, or the source-tree launcher
 * `bin/lakewarden.mjs`), not a test calling it: `serve` then exits after its drain, and a closed stdout
 * (`lakewarden … | head`) ends the process quietly.
 */
export async function runCli(args: readonly string[], output?: Output, executable = false): Promise<number> {
  const [{ runProgram }, { exitOnClosedStdout }] = await Promise.all([
    import('./commands/program.ts'),
    import('./commands/output.ts'),
  ]);
  if (executable) exitOnClosedStdout();
  return runProgram(args, output, () => executable);
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
  process.exitCode = await runCli(process.argv.slice(2), undefined, true);
}
