const DAY_MS = 86_400_000;

/**
 * End-of-support date of a `spark_version` such as "15.4.x-scala2.12" or "18.0.x-scala2.13": looked up by
 * "major.minor", then by "major". null when unknown.
 */
export function endOfSupportOf(sparkVersion: string, table: Readonly<Record<string, string>>): string | null {
  const match = /^(\d+)\.(\d+)/.exec(sparkVersion);
  if (match === null) return null;
  return table[`${match[1]}.${match[2]}`] ?? table[match[1] ?? ''] ?? null;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD, UTC); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
