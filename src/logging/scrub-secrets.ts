/**
 * Builds a scrubber that replaces every known secret value (and its base64 form, as renovate's
 * `sanitize()` does) plus token-shaped patterns (`dapi…`, `Bearer …`, `Basic …`) with `[REDACTED]`.
 * Used on every log line's error text and on every text posted to Jira (https://github.com/pinojs/pino/blob/main/docs/redaction.md).
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    values.add(secret);
    values.add(Buffer.from(secret).toString('base64'));
  }
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const value of sorted) out = out.split(value).join('[REDACTED]');
    return out
      .replace(/dapi[0-9a-f]{32}(-\d+)?/gi, '[REDACTED]')
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [REDACTED]');
  };
}

/**
 * Returns a copy of a JSON-like value with `scrub` applied to every string at any depth (object keys kept).
 * Used on history events, outbox payloads (ADF comment bodies nest deeply) and action records before they
 * are persisted, and on every Jira text before it is sent.
 */
export function scrubJson<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, scrub)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, scrub)])) as T;
  }
  return value;
}
