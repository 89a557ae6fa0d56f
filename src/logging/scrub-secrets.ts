/**
 * Builds a scrubber that replaces every known secret value (and its base64 form, as renovate's
 * `sanitize()` does) plus token-shaped patterns (`dapi…`, `Bearer …`, `Basic …`) with `[REDACTED]`.
 * Used on every log line's error text and on every text posted to Jira (reliability.md §5).
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
