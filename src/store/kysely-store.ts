import { sql } from 'kysely';
import type { AccountCacheEntry, IssueRecord, ScanRunRecord, Store } from '../records/store.ts';
import type { AccountCacheTable, IssuesTable, ScanRunsTable } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { createFiledPlanStore } from './filed-plan-rows.ts';
import { runMigrations } from './run-migrations.ts';
import { listSnoozes, upsertSnooze } from './snooze-store.ts';

/**
 * The `Store` port over kysely: the same queries on SQLite and Postgres (upserts use
 * `ON CONFLICT … DO UPDATE`, supported by both). Does not own migrations' timing: call `migrate()`.
 *
 * @returns a Store whose `close()` destroys the kysely instance (closing the file or the pool).
 */
export function createKyselyStore(handle: DatabaseHandle): Store {
  const { db } = handle;
  return {
    ...createFiledPlanStore(db),
    async migrate() {
      await runMigrations(handle);
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async listIssues() {
      const rows = await db.selectFrom('issues').selectAll().orderBy('fingerprint').execute();
      return rows.map(toIssueRecord);
    },
    async getIssueByFingerprint(fingerprint) {
      const row = await db.selectFrom('issues').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst();
      return row === undefined ? undefined : toIssueRecord(row);
    },
    async getIssueById(issueId) {
      const row = await db.selectFrom('issues').selectAll().where('issue_id', '=', issueId).executeTakeFirst();
      return row === undefined ? undefined : toIssueRecord(row);
    },
    async upsertIssue(record) {
      const row = toIssueRow(record);
      const { fingerprint: _key, ...changes } = row;
      await db
        .insertInto('issues')
        .values(row)
        .onConflict((oc) => oc.column('fingerprint').doUpdateSet(changes))
        .execute();
    },
    async startScanRun(run) {
      await db.insertInto('scan_runs').values(toScanRunRow(run)).execute();
    },
    async finishScanRun(run) {
      const row = toScanRunRow(run);
      const { id: _key, ...changes } = row;
      await db
        .insertInto('scan_runs')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute();
    },
    async listScanRuns(limit) {
      const rows = await db
        .selectFrom('scan_runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toScanRunRecord);
    },
    async listCachedAccounts(maxAgeMs, now) {
      const oldest = new Date(now.getTime() - maxAgeMs).toISOString();
      const rows = await db.selectFrom('account_cache').selectAll().where('cached_at', '>=', oldest).execute();
      return rows.map(toAccountCacheEntry);
    },
    async cacheAccount(entry) {
      await db
        .insertInto('account_cache')
        .values({ email: entry.email, account_id: entry.accountId, cached_at: entry.cachedAt })
        .onConflict((oc) => oc.column('email').doUpdateSet({ account_id: entry.accountId, cached_at: entry.cachedAt }))
        .execute();
    },
    listSnoozes: () => listSnoozes(handle),
    upsertSnooze: (record) => upsertSnooze(handle, record),
    async close() {
      await db.destroy();
    },
  };
}

function toIssueRow(r: IssueRecord): IssuesTable {
  return {
    fingerprint: r.fingerprint,
    issue_id: r.issueId,
    issue_key: r.issueKey,
    rule_id: r.ruleId,
    workspace_id: r.workspaceId,
    resource_kind: r.resourceKind,
    resource_id: r.resourceId,
    state: r.state,
    content_hash: r.contentHash,
    estimated_savings_usd: r.estimatedSavingsUsd,
    owner: r.owner,
    team: r.team,
    first_seen_at: r.firstSeenAt,
    last_seen_at: r.lastSeenAt,
    declined_at: r.declinedAt,
    resolved_at: r.resolvedAt,
    excess_usd: r.excessUsd ?? null,
    effective_savings_usd: r.effectiveSavingsUsd ?? null,
    effective_excess_usd: r.effectiveExcessUsd ?? null,
    resource_name: r.resourceName ?? null,
    workspace_name: r.workspaceName ?? null,
    resource_url: r.resourceUrl ?? null,
    autonomy: r.autonomy ?? null,
  };
}

function toIssueRecord(r: IssuesTable): IssueRecord {
  return {
    fingerprint: r.fingerprint,
    issueId: r.issue_id,
    issueKey: r.issue_key,
    ruleId: r.rule_id,
    workspaceId: r.workspace_id,
    resourceKind: r.resource_kind,
    resourceId: r.resource_id,
    state: r.state as IssueRecord['state'],
    contentHash: r.content_hash,
    estimatedSavingsUsd: Number(r.estimated_savings_usd),
    owner: r.owner,
    team: r.team,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    declinedAt: r.declined_at,
    resolvedAt: r.resolved_at,
    excessUsd: r.excess_usd === null ? 0 : Number(r.excess_usd),
    effectiveSavingsUsd: r.effective_savings_usd === null ? null : Number(r.effective_savings_usd),
    effectiveExcessUsd: r.effective_excess_usd === null ? null : Number(r.effective_excess_usd),
    resourceName: r.resource_name,
    workspaceName: r.workspace_name,
    resourceUrl: r.resource_url,
    autonomy: isAutonomy(r.autonomy) ? r.autonomy : null,
  };
}

function isAutonomy(value: string | null): value is 'manual' | 'approval' | 'auto' {
  return value === 'manual' || value === 'approval' || value === 'auto';
}

function toScanRunRow(r: ScanRunRecord): ScanRunsTable {
  return {
    id: r.id,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    source: r.source,
    dry_run: r.dryRun ? 1 : 0,
    outcome: r.outcome,
    findings: r.findings,
    created: r.created,
    updated: r.updated,
    resolved: r.resolved,
    unchanged: r.unchanged,
    suppressed: r.suppressed,
    estimated_usd_per_month: r.estimatedUsdPerMonth,
    error: r.error,
  };
}

function toScanRunRecord(r: ScanRunsTable): ScanRunRecord {
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    source: r.source,
    dryRun: Number(r.dry_run) === 1,
    outcome: r.outcome as ScanRunRecord['outcome'],
    findings: Number(r.findings),
    created: Number(r.created),
    updated: Number(r.updated),
    resolved: Number(r.resolved),
    unchanged: Number(r.unchanged),
    suppressed: Number(r.suppressed),
    estimatedUsdPerMonth: Number(r.estimated_usd_per_month),
    error: r.error,
  };
}

function toAccountCacheEntry(r: AccountCacheTable): AccountCacheEntry {
  return { email: r.email, accountId: r.account_id, cachedAt: r.cached_at };
}
