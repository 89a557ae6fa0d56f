import type { ResourceKind } from '../snapshot/schema.ts';
import type { WorkspaceApi } from './workspace-api.ts';

/** One planned field change as recorded in the approved plan. */
export interface ExecChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The live values of the plan's fields (keyed by `change.field`) and the resource state, read just now. */
export interface Observed {
  values: Record<string, unknown>;
  /** Warehouse/cluster `state` when the API reports one. */
  state: string | undefined;
}

/** Where the executor acts. */
export interface ExecTarget {
  kind: ResourceKind;
  id: string;
}

/**
 * The execution part of a strategy (issue 4): read the plan's fields, apply the target values, roll back
 * to the recorded previous values. Each function calls only the operations the strategy lists in its
 * `operations`. Pure decisions (drift, already at target, guardrails) are made by the caller.
 */
export interface StrategyExecutor {
  strategy: string;
  /** Reads the live values of the plan's fields; null when the resource is gone. */
  read(api: WorkspaceApi, target: ExecTarget, changes: readonly ExecChange[]): Promise<Observed | null>;
  /** Writes `after` for every change whose live value differs from it (others are untouched). */
  apply(api: WorkspaceApi, target: ExecTarget, changes: readonly ExecChange[], observed: Observed): Promise<void>;
  /** Writes `previous` back (the values recorded before the write); absent when the strategy cannot roll back. */
  rollback?: (
    api: WorkspaceApi,
    target: ExecTarget,
    previous: Record<string, unknown>,
    observed: Observed,
  ) => Promise<void>;
  /** True when applying goes through clusters/update (restart guard applies). */
  usesClusterUpdate(target: ExecTarget): boolean;
}
