import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

const COLUMNS: ReadonlyArray<readonly [string, 'double precision' | 'text']> = [
  ['excess_usd', 'double precision'],
  ['effective_savings_usd', 'double precision'],
  ['effective_excess_usd', 'double precision'],
  ['resource_name', 'text'],
  ['workspace_name', 'text'],
  ['resource_url', 'text'],
  ['autonomy', 'text'],
];

/**
 * Migration 008: what the report shows per issue beyond ids (docs/reporting.md) — the anomaly's excess cost
 * (`excess_usd`, USD/month, kept apart from `estimated_savings_usd`), both amounts at the negotiated price when
 * one applied (`effective_*`, null = list only), the resource and workspace names, the resource's Databricks UI
 * link and the plan's autonomy (manual / approval / auto). All nullable: rows filed before stay valid and show ids.
 * One ALTER per column (SQLite adds one column per statement).
 */
export function createIssueReportFieldsMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, type] of COLUMNS) await db.schema.alterTable('issues').addColumn(name, type).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const [name] of COLUMNS.toReversed()) await db.schema.alterTable('issues').dropColumn(name).execute();
    },
  };
}
