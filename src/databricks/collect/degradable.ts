import type { MissingSource } from '../../snapshot/schema.ts';
import { DatabricksPermissionError, WarehouseNotRunningError } from '../errors.ts';
import { STATEMENTS } from '../sql/statements.ts';

/** The system tables a registered statement reads (from its SQL text), sorted. */
export function tablesOfStatement(name: string): string[] {
  const sql = STATEMENTS.get(name)?.sql ?? '';
  return [...new Set(sql.match(/\bsystem\.[a-z_]+\.[a-z_]+/g) ?? [])].sort();
}

/**
 * True for the SQL failures a degraded collection continues past: the warehouse is not running and was not
 * started (WarehouseNotRunningError), or a system schema is not enabled or not granted (the SQL runner's
 * DatabricksPermissionError). Bad credentials, network errors and timeouts still fail the collection.
 */
export function isDegradable(error: unknown): boolean {
  return error instanceof WarehouseNotRunningError || error instanceof DatabricksPermissionError;
}

/**
 * What a failed statement leaves missing: the tables the error names, else all the tables the statement reads;
 * each with the error's first line as the reason.
 */
export function missingAfter(statement: string, error: unknown): MissingSource[] {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const tables = tablesOfStatement(statement);
  const named = tables.filter((t) => reason.includes(t));
  return (named.length > 0 ? named : tables).map((table) => ({ table, reason }));
}

/** Adds `more` to `missing`, one entry per table (the first reason wins), kept sorted by table. */
export function addMissing(missing: MissingSource[], more: readonly MissingSource[]): void {
  for (const entry of more) if (!missing.some((m) => m.table === entry.table)) missing.push(entry);
  missing.sort((a, b) => a.table.localeCompare(b.table));
}
