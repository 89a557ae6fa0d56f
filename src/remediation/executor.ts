import type { FieldChange } from '../findings/field-change.ts';
import type { ResourceKind } from '../snapshot/schema.ts';
import type { WorkspaceApi } from './workspace-api.ts';

/**
 * The live values of the plan's fields (keyed by `change.field`) and the resource state, read just now.
 * Holds only fields the strategy declares (never a whole REST object): this is what the store, the
 * history, the outbox and the evidence comment see.
 */
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
 * The execution part of a strategy (declared in the strategy's own file, see strategy.ts): read the plan's
 * fields, apply the target values, roll back to the recorded previous values. The executor hands these
 * functions a WorkspaceApi guarded by the strategy's declaration (remediation/declaration.ts), so a call
 * to an undeclared operation or a write of an undeclared field is refused before it reaches Databricks.
 * Pure decisions (drift, already at target, guardrails) are made by the caller.
 */
export interface StrategyExecutor {
  /** Reads the live values of the given (declared) fields; null when the resource is gone. */
  read(api: WorkspaceApi, target: ExecTarget, changes: readonly FieldChange[]): Promise<Observed | null>;
  /** Writes `after` for every change whose live value differs from it (others are untouched). */
  apply(api: WorkspaceApi, target: ExecTarget, changes: readonly FieldChange[], observed: Observed): Promise<void>;
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
