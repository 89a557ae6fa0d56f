import { stdSerializers } from 'pino';

/** Deepest nesting scrubbed; anything deeper is replaced (log objects are shallow; this bounds cycles too). */
const MAX_DEPTH = 8;

/**
 * Returns a copy of a log object with `scrub` applied to every string value at any depth (arrays and plain
 * objects walked; Error instances serialized with pino's err serializer first, so message, stack and cause
 * are kept but scrubbed). Key-based redaction (REDACT_PATHS) still runs afterwards; this catches a secret
 * value inside any string — an error text, a URL, a header copied under another name.
 */
export function scrubLogObject(value: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return scrubLogObject(stdSerializers.err(value), scrub, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubLogObject(v, scrub, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = scrubLogObject(v, scrub, depth + 1);
  return out;
}
