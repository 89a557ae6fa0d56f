import type { Migration, MigrationProvider } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';
import { createIssuesAndScansMigration } from './001-issues-and-scans.ts';
import { createActionsHistoryInboxOutboxMigration } from './002-actions-history-inbox-outbox.ts';
import { createAiAuditMigration } from './003-ai-audit.ts';
import { createSavingsMigration } from './004-savings.ts';
import { createFiledPlansMigration } from './005-filed-plans.ts';
import { createAskDataMigration } from './006-ask-data.ts';
import { createSnoozesMigration } from './007-snoozes.ts';
import { createIssueReportFieldsMigration } from './008-issue-report-fields.ts';

/**
 * All migrations for `dialect`, keyed by name in application order (kysely sorts names
 * alphabetically, hence the numeric prefixes). Listed statically — no filesystem globbing — so the
 * compiled `dist/` and bundles work. Add a migration: one file plus one line here; never edit a
 * released migration.
 */
export function listMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '001-issues-and-scans': createIssuesAndScansMigration(dialect),
    '002-actions-history-inbox-outbox': createActionsHistoryInboxOutboxMigration(dialect),
    '003-ai-audit': createAiAuditMigration(dialect),
    '004-savings': createSavingsMigration(dialect),
    '005-filed-plans': createFiledPlansMigration(dialect),
    '006-ask-data': createAskDataMigration(dialect),
    '007-snoozes': createSnoozesMigration(dialect),
    '008-issue-report-fields': createIssueReportFieldsMigration(dialect),
  };
}

/** A kysely `MigrationProvider` over {@link listMigrations}, for `new Migrator({ db, provider })`. */
export function createMigrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => listMigrations(dialect) };
}
