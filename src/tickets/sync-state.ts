import type { LakewardenConfig } from '../config/schema.ts';
import type { IssueRecord, Store } from '../records/store.ts';
import type { IssueTracker } from '../tracker/issue-tracker.ts';
import type { ActiveSnooze, SyncPolicy } from './plan-sync.ts';
import { ACCOUNT_CACHE_MAX_AGE_MS, type AccountDirectory, createAccountDirectory } from './resolve-assignee.ts';

/** What a sync reads from the store once per scan, before planning. */
export interface SyncState {
  /** Every known issue (the fingerprint ↔ issue map). */
  records: IssueRecord[];
  /** Email → Jira accountId lookups, over the cached ones younger than ACCOUNT_CACHE_MAX_AGE_MS. */
  accounts: AccountDirectory;
  /** Every recorded snooze by fingerprint (expired ones included; planSync compares `until` with `now`). */
  snoozes: Map<string, ActiveSnooze>;
}

/**
 * Reads the issue map, the account cache and the snoozes once: the state `syncFindings` and the streamed dry
 * run (scan/run-scan-report.ts) plan against. `tracker` looks up accounts not in the cache (none without it).
 * @throws what the store's reads throw
 */
export async function readSyncState(
  store: Pick<Store, 'listIssues' | 'listCachedAccounts' | 'listSnoozes'>,
  config: LakewardenConfig,
  tracker: Pick<IssueTracker, 'findAccountId'> | undefined,
  now: Date,
): Promise<SyncState> {
  const records = await store.listIssues();
  const accounts = createAccountDirectory({
    routing: config.routing,
    cached: await store.listCachedAccounts(ACCOUNT_CACHE_MAX_AGE_MS, now),
    tracker,
    now,
  });
  const snoozes = new Map(
    (await store.listSnoozes()).map((z) => [z.fingerprint, { until: z.until, by: z.byName ?? z.byAccountId }]),
  );
  return { records, accounts, snoozes };
}

/** The plan's policy from the configuration (`jira.statuses.declined`, `reopenWhenWorseFactor`, `declinedSnoozeDays`) and this scan's scope. */
export function syncPolicy(
  config: LakewardenConfig,
  scope: Pick<SyncPolicy, 'now' | 'activeRuleIds' | 'scannedWorkspaceIds' | 'snoozes'>,
): SyncPolicy {
  return {
    declinedStatus: config.jira.statuses.declined,
    reopenWhenWorseFactor: config.jira.reopenWhenWorseFactor,
    declinedSnoozeDays: config.jira.declinedSnoozeDays,
    ...scope,
  };
}
