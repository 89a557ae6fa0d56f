import type { FiledPlanStore } from '../remediation/filed-plan.ts';

/** The fingerprint ↔ issue map row (the store makes dedupe exact: docs/architecture.md "Identity and idempotence"). */
export interface IssueRecord {
  fingerprint: string;
  issueId: string;
  issueKey: string;
  ruleId: string;
  workspaceId: string;
  resourceKind: string;
  resourceId: string;
  /** open | resolved | declined — lakewarden's view, refreshed from Jira. */
  state: 'open' | 'resolved' | 'declined';
  contentHash: string;
  estimatedSavingsUsd: number;
  owner: string | null;
  team: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When a person declined it (Won't Do), ISO time. */
  declinedAt: string | null;
  resolvedAt: string | null;
  /** Excess cost of an anomaly finding, USD/month at list price (never in estimatedSavingsUsd); 0 or absent otherwise. */
  excessUsd?: number | undefined;
  /** estimatedSavingsUsd / excessUsd at the negotiated price, when one applied when filed; null = list only. */
  effectiveSavingsUsd?: number | null | undefined;
  effectiveExcessUsd?: number | null | undefined;
  /** Names and link shown by the report (ids on hover); null on issues filed before they were kept. */
  resourceName?: string | null | undefined;
  workspaceName?: string | null | undefined;
  /** The resource's page in the Databricks UI. */
  resourceUrl?: string | null | undefined;
  /** The plan's autonomy when filed: only `approval` findings wait for an approval. */
  autonomy?: 'manual' | 'approval' | 'auto' | null | undefined;
}

/** What one scan counted: findings, and issues created, updated, resolved, left unchanged and suppressed. */
export interface ScanCounts {
  findings: number;
  created: number;
  updated: number;
  resolved: number;
  unchanged: number;
  suppressed: number;
}

export interface ScanRunRecord extends ScanCounts {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  source: string;
  dryRun: boolean;
  outcome: 'running' | 'succeeded' | 'failed';
  estimatedUsdPerMonth: number;
  error: string | null;
}

/** A per-issue snooze: the scan leaves the issue alone until `until` (docs/approvals.md §12). */
export interface SnoozeRecord {
  fingerprint: string;
  issueId: string;
  issueKey: string;
  /** ISO-8601 UTC end of the snooze. */
  until: string;
  /** Who snoozed it: Jira accountId and display name (when known). */
  byAccountId: string;
  byName: string | null;
  /** The reason as given in the command (cleaned), if any. */
  reason: string | null;
  /** `comment:<comment id>` or `changelog:<changelog id>`: the same source twice is one snooze. */
  source: string;
  createdAt: string;
}

/** Cached email → Jira accountId lookups (null = searched, not found). */
export interface AccountCacheEntry {
  email: string;
  accountId: string | null;
  cachedAt: string;
}

/**
 * The persistence port. SQLite (default, one replica) and Postgres (several replicas) implement it
 * with kysely and the same migrations. All times are ISO-8601 UTC strings.
 */
export interface Store extends FiledPlanStore {
  /** Applies pending migrations; idempotent. */
  migrate(): Promise<void>;
  /** Cheap reachability check for /readyz and doctor. */
  ping(): Promise<void>;
  listIssues(): Promise<IssueRecord[]>;
  getIssueByFingerprint(fingerprint: string): Promise<IssueRecord | undefined>;
  getIssueById(issueId: string): Promise<IssueRecord | undefined>;
  upsertIssue(record: IssueRecord): Promise<void>;
  startScanRun(run: ScanRunRecord): Promise<void>;
  finishScanRun(run: ScanRunRecord): Promise<void>;
  listScanRuns(limit: number): Promise<ScanRunRecord[]>;
  /** Every cached lookup no older than `maxAgeMs` at `now` (read once per scan). */
  listCachedAccounts(maxAgeMs: number, now: Date): Promise<AccountCacheEntry[]>;
  cacheAccount(entry: AccountCacheEntry): Promise<void>;
  /** Every recorded snooze (expired ones included). */
  listSnoozes(): Promise<SnoozeRecord[]>;
  /** Records a snooze, replacing the fingerprint's older one; the same `source` again is a `duplicate` no-op. */
  upsertSnooze(record: SnoozeRecord): Promise<'recorded' | 'duplicate'>;
  close(): Promise<void>;
}
