import type { z } from 'zod';
import type { FieldChange } from '../findings/field-change.ts';
import type { Resource, ResourceKind } from '../snapshot/schema.ts';
import type { StrategyExecutor } from './executor.ts';
import type { WorkspaceOperation } from './workspace-api.ts';

/** What a strategy proposes for one resource: the diff, the risk in plain words, and whether it restarts anything. */
export interface PlanResult {
  changes: FieldChange[];
  risk: string;
  restarts: boolean;
}

/**
 * One field a strategy may change (deny by default: anything not declared is refused).
 * `path` is the exact plan field as written in `changes[].field`. Two placeholders exist and each stands for
 * a *name*, never for a path: `<task_key>` in `tasks[<task_key>].<field>` (one Databricks task's own scalar
 * field; the leaf is fixed) and `<key>` in `tags.<key>` (one tag's value). No declaration can reach task
 * types, code, libraries, init scripts, spark_conf, permissions or run-as.
 */
export interface FieldDeclaration {
  path: string;
  /** Resource kinds on which the field may be written. */
  kinds: readonly ResourceKind[];
  /** The bound in words, for docs/security.md (generated) and refusal comments. */
  bound: string;
  /**
   * Checks a target value against the bound. `before` is the value the approved plan starts from (the
   * executor's compare-and-set guarantees the live value equals it or the target before any write).
   * @returns null when allowed, else why not (plain words).
   */
  check(after: unknown, before: unknown): string | null;
}

/**
 * A typed remediation, one file per strategy: what it plans (`plan`, pure) and
 * exactly what it may touch — the Databricks operations it may call (`operations`), the fields it may
 * change and their bounds (`fields`) — plus how it reads and writes them (`executor`; absent = the bot
 * never writes, e.g. `manual`). The executor refuses any change outside `fields` and any call outside
 * `operations`, whatever the caller asks for (remediation/declaration.ts).
 */
export interface StrategyDefinition<Args = Record<string, unknown>> {
  name: string;
  description: string;
  kinds: readonly ResourceKind[];
  operations: readonly WorkspaceOperation[];
  fields: readonly FieldDeclaration[];
  args: z.ZodType<Args>;
  plan(resource: Resource, args: Args): PlanResult;
  executor?: StrategyExecutor;
}
