/** The comment command that snoozes an issue (case-insensitive, at the start of a line). */
export const SNOOZE_COMMAND = '/lakewarden snooze';

/** Longest reason kept, characters (the rest is cut and marked with …). */
const MAX_REASON = 200;

export type SnoozeCommand =
  | { kind: 'none' }
  | { kind: 'snooze'; days: number; reason: string | null }
  | { kind: 'invalid'; error: string };

/** The usage line quoted in every rejection. */
export function snoozeUsage(maxDays: number): string {
  return `Usage: ${SNOOZE_COMMAND} <days>d [reason], e.g. "${SNOOZE_COMMAND} 30d waiting for the Q3 migration" (1 to ${maxDays} days).`;
}

function commandLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => {
      const lower = line.toLowerCase();
      return (
        lower === SNOOZE_COMMAND || lower.startsWith(`${SNOOZE_COMMAND} `) || lower.startsWith(`${SNOOZE_COMMAND}\t`)
      );
    });
}

/** True when the comment holds a snooze command line (valid or not); cheap pre-check for the intake. */
export function hasSnoozeCommand(text: string): boolean {
  return commandLines(text).length > 0;
}

/**
 * Parses `/lakewarden snooze <N>d [reason]` from a comment's plain text. The comment is untrusted input, so the
 * grammar is strict: exactly one command line; the duration is a whole number of days written `<N>d` (1 ≤ N ≤
 * `maxDays`, no other units, no signs or decimals); the reason is the rest of that line, control characters
 * removed, at most 200 characters (longer ones are cut). Anything else is `invalid` with a message saying what was
 * wrong; a comment without the command is `none`.
 */
export function parseSnoozeCommand(text: string, maxDays: number): SnoozeCommand {
  const lines = commandLines(text);
  if (lines.length === 0) return { kind: 'none' };
  if (lines.length > 1)
    return { kind: 'invalid', error: `the comment holds ${lines.length} snooze commands; write one` };
  const rest = (lines[0] ?? '').slice(SNOOZE_COMMAND.length).trim();
  if (rest === '') return { kind: 'invalid', error: 'the duration is missing' };
  const [duration = '', ...words] = rest.split(/\s+/);
  const match = /^(\d{1,4})d$/i.exec(duration);
  if (match?.[1] === undefined) {
    return { kind: 'invalid', error: `"${duration.slice(0, 20)}" is not a duration in days such as 30d` };
  }
  const days = Number(match[1]);
  if (days < 1 || days > maxDays) {
    return { kind: 'invalid', error: `${days} days is outside the allowed 1 to ${maxDays} days` };
  }
  // Control (Cc) and format (Cf: zero-width, bidi overrides) characters are removed.
  const cleaned = words
    .join(' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  const reason = cleaned === '' ? null : cleaned.length > MAX_REASON ? `${cleaned.slice(0, MAX_REASON)}…` : cleaned;
  return { kind: 'snooze', days, reason };
}
