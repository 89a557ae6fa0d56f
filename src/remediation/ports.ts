import type { ActionState } from './action-machine.ts';
import type { ActionRecord } from './action-record.ts';
import type { ActionCounts } from './guardrails.ts';

/**
 * Actions (store table `actions`). `claim` is atomic on `actionKey` (INSERT … ON CONFLICT DO NOTHING
 * RETURNING); `update` is a compare-and-set on the current state, so two workers never both advance one action.
 */
export interface ActionStorePort {
  claim(record: ActionRecord): Promise<'claimed' | 'exists'>;
  /** Applies `patch` only if the stored state is `expected`; false otherwise. */
  update(id: string, expected: ActionState, patch: Partial<ActionRecord>): Promise<boolean>;
  get(id: string): Promise<ActionRecord | undefined>;
  /** The action claimed under this unique key, or undefined. */
  getByKey(actionKey: string): Promise<ActionRecord | undefined>;
  listByStates(states: readonly ActionState[]): Promise<ActionRecord[]>;
  /**
   * Recent actions (state applying or later) for the blast-radius limits. Atomic with an admission only inside
   * {@link Transact} (the store serializes every action step there, so counting and starting cannot interleave).
   */
  countRecent(query: { owner: string | null; resource: ActionRecord['resource']; now: Date }): Promise<ActionCounts>;
}

/** One history event; `hash` chains it to the previous event of the whole history. */
export interface HistoryEntry {
  seq: number;
  hash: string;
}

/** The append-only, hash-chained history (store table `history`). */
export interface HistoryPort {
  append(actionId: string, at: string, event: Record<string, unknown>): Promise<HistoryEntry>;
}

/** A Jira write to deliver later (store table `outbox`); `dedupeKey` is unique, so enqueueing twice is a no-op. */
export interface OutboxItem {
  actionId: string;
  issueId: string;
  kind: 'comment' | 'transition';
  /** comment: `{body: AdfDoc}`; transition: `{status: <target status name>}`. */
  payload: Record<string, unknown>;
  dedupeKey: string;
}

export interface OutboxPort {
  enqueue(item: OutboxItem): Promise<void>;
}

/** The ports one state step writes through; inside {@link Transact} they share one database transaction. */
export interface StepPorts {
  actions: ActionStorePort;
  history: HistoryPort;
  outbox: OutboxPort;
}

/**
 * Runs `work` in one transaction (https://microservices.io/patterns/data/transactional-outbox.html): the action's new state, its history event and
 * the Jira comment/transition it causes commit together or not at all, so a crash can never leave a
 * state change whose comment is lost. Rejects (rolling back) when `work` or the database fails.
 */
export type Transact = <T>(work: (ports: StepPorts) => Promise<T>) => Promise<T>;
