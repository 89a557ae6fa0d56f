/** Months a Databricks Runtime LTS release is supported (https://docs.databricks.com/release-notes/runtime/databricks-runtime-ver.html). */
const LTS_SUPPORT_MONTHS = 36;
/** Months a non-LTS release is supported after its release (same page). */
const NON_LTS_SUPPORT_MONTHS = 6;

/**
 * End-of-support date (YYYY-MM-DD) of a `spark_version` such as `15.4.x-scala2.12`, from the table of LTS
 * releases (config `rules.runtimeEndOfSupport`, keys `major.minor`, `major.x` or `major`):
 *
 * - a version in the table → its date;
 * - a non-LTS version (not in the table, e.g. `16.2`) → the latest date it can still be supported: it was
 *   released before the next LTS release above it, which was released 36 months before that LTS's end of
 *   support, and non-LTS releases are supported for 6 months — so `next LTS end of support − 30 months`;
 * - null when the version does not parse or no LTS release above it is known (a newer runtime than the table).
 *
 * Source: https://docs.databricks.com/release-notes/runtime/databricks-runtime-ver.html (LTS: 3 years;
 * other releases: 6 months) and https://docs.databricks.com/release-notes/runtime (release and end-of-support dates).
 */
export function endOfSupportOf(sparkVersion: string, ltsTable: Readonly<Record<string, string>>): string | null {
  const match = /^(\d+)\.(\d+|x)/.exec(sparkVersion);
  if (match === null) return null;
  const [, major = '', minor = ''] = match;
  const direct = ltsTable[`${major}.${minor}`] ?? ltsTable[`${major}.x`] ?? ltsTable[major];
  if (direct !== undefined) return direct;
  if (minor === 'x') return null;
  const version = [Number(major), Number(minor)] as const;
  let next: { version: readonly [number, number]; date: string } | undefined;
  for (const [key, date] of Object.entries(ltsTable)) {
    const parsed = /^(\d+)(?:\.(\d+))?$/.exec(key);
    if (parsed === null) continue;
    const lts = [Number(parsed[1]), Number(parsed[2] ?? 0)] as const;
    if (compare(lts, version) <= 0) continue;
    if (next === undefined || compare(lts, next.version) < 0) next = { version: lts, date };
  }
  if (next === undefined) return null;
  return addMonths(next.date, NON_LTS_SUPPORT_MONTHS - LTS_SUPPORT_MONTHS);
}

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** `date` (YYYY-MM-DD) plus `months` (may be negative), UTC; the day is clamped to the month's length. */
function addMonths(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
