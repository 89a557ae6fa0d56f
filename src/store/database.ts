import type { ColumnType } from 'kysely';
import type { ScanCounts } from '../records/store.ts';

/**
 * The kysely table interfaces of lakewarden's store, shared by SQLite and Postgres (same migrations,
 * same queries). Conventions: times are ISO-8601 UTC text; JSON documents are text holding canonical
 * JSON; money is a double (estimates only); booleans are integers 0/1 so both dialects read them alike.
 */
export interface Database {
  issues: IssuesTable;
  scan_runs: ScanRunsTable;
  account_cache: AccountCacheTable;
  inbox: InboxTable;
  actions: ActionsTable;
  history: HistoryTable;
  outbox: OutboxTable;
  leases: LeasesTable;
  settings: SettingsTable;
  filed_plans: FiledPlansTable;
  snoozes: SnoozesTable;
}

/** The columns that tie a row to one finding and its Jira issue (tables `issues` and `filed_plans`). */
interface FindingIssueColumns {
  fingerprint: string;
  issue_id: string;
  issue_key: string;
  rule_id: string;
  workspace_id: string;
  resource_kind: string;
  resource_id: string;
}

/** One row per finding fingerprint ↔ Jira issue (migration 001). */
export interface IssuesTable extends FindingIssueColumns {
  state: string;
  content_hash: string;
  estimated_savings_usd: number;
  owner: string | null;
  team: string | null;
  first_seen_at: string;
  last_seen_at: string;
  declined_at: string | null;
  resolved_at: string | null;
  /** Migration 008 (null on rows written before). */
  excess_usd: number | null;
  effective_savings_usd: number | null;
  effective_excess_usd: number | null;
  resource_name: string | null;
  workspace_name: string | null;
  resource_url: string | null;
  autonomy: string | null;
}

/** One row per scan (migration 001); `dry_run` is 0/1. */
export interface ScanRunsTable extends ScanCounts {
  id: string;
  started_at: string;
  finished_at: string | null;
  source: string;
  dry_run: number;
  outcome: string;
  estimated_usd_per_month: number;
  error: string | null;
}

/** Cached email → Jira accountId (migration 001); `account_id` null = searched, not found. */
export interface AccountCacheTable {
  email: string;
  account_id: string | null;
  cached_at: string;
}

/** Durable webhook inbox (migration 002). `status`: pending | processing | done | failed. */
export interface InboxTable {
  delivery_id: string;
  source: string;
  received_at: string;
  body: string;
  status: string;
  attempts: number;
  last_error: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  processed_at: string | null;
}

/** Current-state row of one action, claimed by its unique `action_key` (migration 002). */
export interface ActionsTable {
  id: string;
  action_key: string;
  fingerprint: string;
  issue_id: string;
  strategy: string;
  workspace_id: string;
  resource_kind: string;
  resource_id: string;
  approver: string | null;
  approved_at: string | null;
  plan: string;
  previous_value: string | null;
  target_value: string | null;
  state: string;
  reason: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

/**
 * Append-only action history with a hash chain (migration 002). `seq` is bigserial on Postgres
 * (the pg driver returns int8 as a string) and INTEGER PRIMARY KEY AUTOINCREMENT on SQLite.
 */
export interface HistoryTable {
  seq: ColumnType<number | string, number, never>;
  action_id: string;
  at: string;
  event: string;
  prev_hash: string;
  hash: string;
}

/** Jira writes waiting to be sent (migration 002). `status`: pending | sent | failed. */
export interface OutboxTable {
  id: string;
  action_id: string | null;
  kind: string;
  issue_id: string;
  payload: string;
  dedupe_key: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Named leases with an expiry, e.g. the scheduler's leader lock (migration 002). */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** Small key → value settings such as the kill switch (migration 002). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The plan lakewarden filed per finding (migration 005); `plan` and `basis` are canonical JSON text. */
export interface FiledPlansTable extends FindingIssueColumns {
  strategy: string;
  plan: string;
  plan_hash: string;
  estimate_usd_per_month: number;
  owner: string | null;
  basis: string;
  filed_at: string;
  updated_at: string;
}

/** Per-issue snoozes by fingerprint (migration 007). */
export interface SnoozesTable {
  fingerprint: string;
  issue_id: string;
  issue_key: string;
  until: string;
  by_account_id: string;
  by_name: string | null;
  reason: string | null;
  source: string;
  created_at: string;
}
