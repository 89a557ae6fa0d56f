import { exitCodeFor } from '../errors.ts';
import type { Output } from './output.ts';

/**
 * The one place CLI errors become messages and exit codes (0 success, 1 runtime failure, 2 invalid input
 * or configuration). Messages are scrubbed of secrets before printing.
 */
export function handleCliError(error: unknown, output: Output, scrub: (text: string) => string): 1 | 2 {
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  const prefix = code === 2 ? 'error (invalid input or configuration)' : 'error';
  output.err(scrub(`${prefix}: ${message}`));
  return code;
}
