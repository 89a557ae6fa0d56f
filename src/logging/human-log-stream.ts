import { Writable } from 'node:stream';

/** Log line fields that are bookkeeping, not part of what a person needs to read. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'err', 'error']);
const SHOWN_LEVELS: Record<string, string> = { warn: 'warning', error: 'error', fatal: 'error' };

/**
 * Renders one pino JSON line for a person: warnings and errors as `warning: message (key=value, …)`, the error's
 * message appended; informational lines are dropped (the command prints its own results). Lines that are not JSON
 * pass through unchanged. Pure.
 * @returns the text to print (with a newline), or undefined to print nothing.
 */
export function humanLogLine(line: string): string | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const label = SHOWN_LEVELS[String(entry.level)];
  if (label === undefined) return undefined;
  const err = (entry.err ?? entry.error) as { message?: unknown } | undefined;
  const context = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}=${String(value)}`);
  const message = [entry.msg, typeof err?.message === 'string' ? err.message : undefined]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(': ');
  return `${label}: ${message}${context.length > 0 ? ` (${context.join(', ')})` : ''}\n`;
}

/**
 * A destination for the pino logger in human mode (`--log-format human`, the CLI default): writes
 * {@link humanLogLine} of every line to `target` (stderr).
 */
export function createHumanLogStream(target: NodeJS.WritableStream = process.stderr): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        const text = humanLogLine(line);
        if (text !== undefined) target.write(text);
      }
      done();
    },
  });
}
