/**
 * Conversions of driver values (https://github.com/databricks/databricks-sql-nodejs#readme: with preserveBigNumericPrecision DECIMAL arrives as an
 * exact decimal string and BIGINT as bigint; timestamps as Date or ISO strings; NULL as null).
 */

/** A numeric column value as a JS number; null/undefined → null. @throws TypeError on a non-numeric value. */
export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n)) return n;
  }
  throw new TypeError(`expected a number, got ${typeof value} ${JSON.stringify(String(value))}`);
}

/** A numeric column value, NULL counted as 0 (for sums and counts only, never for settings). */
export function toNumber(value: unknown): number {
  return toNumberOrNull(value) ?? 0;
}

/** A timestamp column (Date, ISO string, epoch ms number/bigint) as epoch milliseconds. @throws TypeError. */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const ms = Date.parse(value.includes('T') || value.length <= 10 ? value : value.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TypeError(`expected a timestamp, got ${JSON.stringify(String(value))}`);
}

/** A DATE column (Date or YYYY-MM-DD…) as YYYY-MM-DD. */
export function toDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  throw new TypeError(`expected a date, got ${JSON.stringify(String(value))}`);
}

/** A string id column; null/undefined/'' → undefined. */
export function toId(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'bigint' || typeof value === 'number' ? String(value) : String(value);
  return text === '' ? undefined : text;
}

/** Key of a resource in the builders' maps. */
export function resourceKey(workspaceId: string, id: string): string {
  return `${workspaceId}|${id}`;
}

/** Days of the window, oldest first (YYYY-MM-DD, inclusive). */
export function windowDays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
