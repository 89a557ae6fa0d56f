import type { ActionRecord } from './action-record.ts';
import type { ActionStorePort, HistoryPort, OutboxPort, Transact } from './ports.ts';
import type { STRATEGIES } from './registry.ts';
import type { StrategyDefinition } from './strategy.ts';
import type { WorkspaceApi } from './workspace-api.ts';

/** Everything the executor needs; all I/O goes through these ports. */
export interface ExecuteDeps {
  api: WorkspaceApi;
  actions: ActionStorePort;
  history: HistoryPort;
  outbox: OutboxPort;
  /** Re-read right before every Databricks write (config flag or LAKEWARDEN_KILL_SWITCH; see config/kill-switch.ts). */
  isKillSwitchOn: () => boolean;
  policy: {
    dryRun: boolean;
    restartPolicy: 'plan' | 'require_terminated';
    rollbackOnMismatch: boolean;
    /** Writes per action, same action key (≤ 3). */
    maxAttempts: number;
  };
  /** Jira status names the outbox transitions to (jira.statuses); `rolledBack` after a rollback on request. */
  statuses: { done: string; failed: string; open: string; rolledBack?: string };
  now: () => Date;
  /**
   * True when the action restores values lakewarden itself read before its own earlier write (a rollback):
   * the fields must still be declared by the strategy, but the target values are not held to its bounds.
   */
  restore?: boolean;
  /** The strategy registry (defaults to {@link STRATEGIES}). */
  strategies?: ReadonlyMap<string, StrategyDefinition<never>>;
  /**
   * Last check right before each write (after the kill switch), e.g. "the Jira issue is still Approved"
   * (https://developer.atlassian.com/cloud/jira/platform/webhooks/). Resolves a plain-words refusal message to stop, or null to go on; a rejection
   * leaves the action in flight (no write).
   */
  beforeWrite?: (action: ActionRecord) => Promise<string | null>;
  /**
   * Waits before a new write after an unknown outcome whose read-back showed the previous values: the shared
   * full-jitter backoff (1 s first ceiling, 30 s cap) with the server's `Retry-After` as a floor. Absent: no wait.
   */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) for that wait (default Math.random). */
  random?: () => number;
  /**
   * When set, each state step (persist + history + outbox) runs in one transaction (the kysely store);
   * without it the three ports are called in order (the in-memory fakes).
   */
  transact?: Transact;
}
