import { endOfSupportOf } from '../../snapshot/runtime-end-of-support.ts';

/**
 * ClusterFacts.runtimeEndOfSupport / runtimeDaysToEndOfSupport: `spark_version` such as
 * `15.4.x-scala2.12` → its end of support from the configured LTS map (config rules.runtimeEndOfSupport),
 * non-LTS versions derived from the next LTS (`endOfSupportOf`), days from the snapshot end (YYYY-MM-DD) to
 * that date; null when the version is unknown.
 */
export function runtimeSupportFacts(
  sparkVersion: string,
  endOfSupport: Readonly<Record<string, string>>,
  windowEnd: string,
): { runtimeEndOfSupport: string | null; runtimeDaysToEndOfSupport: number | null } {
  const date = endOfSupportOf(sparkVersion, endOfSupport);
  if (date === null) return { runtimeEndOfSupport: null, runtimeDaysToEndOfSupport: null };
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${windowEnd}T00:00:00Z`)) / 86_400_000);
  return { runtimeEndOfSupport: date, runtimeDaysToEndOfSupport: days };
}
