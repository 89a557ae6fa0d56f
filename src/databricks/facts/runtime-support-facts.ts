/**
 * ClusterFacts.runtimeEndOfSupport / runtimeDaysToEndOfSupport: `spark_version` such as
 * `15.4.x-scala2.12` → key `15.4` in the configured map (config rules.runtimeEndOfSupport), days from the
 * snapshot end (YYYY-MM-DD) to that date; null when the version is unknown.
 */
export function runtimeSupportFacts(
  sparkVersion: string,
  endOfSupport: Readonly<Record<string, string>>,
  windowEnd: string,
): { runtimeEndOfSupport: string | null; runtimeDaysToEndOfSupport: number | null } {
  const match = /^(\d+)\.(\d+|x)/.exec(sparkVersion);
  const date = match === null ? undefined : (endOfSupport[`${match[1]}.${match[2]}`] ?? endOfSupport[`${match[1]}.x`]);
  if (date === undefined) return { runtimeEndOfSupport: null, runtimeDaysToEndOfSupport: null };
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${windowEnd}T00:00:00Z`)) / 86_400_000);
  return { runtimeEndOfSupport: date, runtimeDaysToEndOfSupport: days };
}
