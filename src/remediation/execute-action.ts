import { ConflictError } from '../errors.ts';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import { type ActionEffect, type ActionEvent, transition } from './action-machine.ts';
import type { ActionRecord } from './action-record.ts';
import { classifyObserved } from './classify-observed.ts';
import { checkDeclaration, guardWorkspaceApi } from './declaration.ts';
import type { Observed, StrategyExecutor } from './executor.ts';
import { type ActionCounts, checkRestartGuard, type GuardrailVerdict } from './guardrails.ts';
import type { ActionStorePort, HistoryPort, OutboxPort, StepPorts, Transact } from './ports.ts';
import { STRATEGIES } from './registry.ts';
import { renderEvidence } from './render-evidence.ts';
import type { StrategyDefinition } from './strategy.ts';
import { isWriteRejected, retryAfterOf, type WorkspaceApi } from './workspace-api.ts';

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
  /** Jira status names the outbox transitions to (jira.statuses). */
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

interface StepResult {
  record: ActionRecord;
  retry: boolean;
  /** With `retry`: the server's Retry-After (ms) from the unknown-outcome write, a floor for the wait. */
  retryAfterMs?: number;
}

function describeChanges(action: ActionRecord): string {
  return action.plan.changes
    .map((c) => `${c.field} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`)
    .join(', ');
}

/**
 * Applies one machine event: persists the new state with a compare-and-set on the old one (write-ahead,
 * first), appends the history event, then enqueues the Jira comment/transition in the outbox (the Jira
 * side can never trigger a Databricks write). With `deps.transact` the three commit in one transaction.
 * @throws ConflictError when the transition is not allowed or another worker advanced the action first.
 */
async function step(
  deps: ExecuteDeps,
  current: ActionRecord,
  event: ActionEvent,
  extra: { patch?: Partial<ActionRecord>; message?: string; details?: Record<string, unknown> } = {},
): Promise<StepResult> {
  const run: Transact = deps.transact ?? ((work) => work(deps));
  return run((ports) => stepIn(deps, ports, current, event, extra));
}

/** {@link step} through ports the caller already holds (inside its transaction). */
async function stepIn(
  deps: ExecuteDeps,
  ports: StepPorts,
  current: ActionRecord,
  event: ActionEvent,
  extra: { patch?: Partial<ActionRecord>; message?: string; details?: Record<string, unknown> } = {},
): Promise<StepResult> {
  const result = transition(current.state, event);
  if (!result.ok) throw new ConflictError(`action ${current.id}: ${result.error}`);
  return applyEffects(deps, ports, current, result.effects, extra);
}

async function applyEffects(
  deps: ExecuteDeps,
  ports: StepPorts,
  current: ActionRecord,
  effects: readonly ActionEffect[],
  extra: { patch?: Partial<ActionRecord>; message?: string; details?: Record<string, unknown> },
): Promise<StepResult> {
  const at = deps.now().toISOString();
  let record = current;
  let hash = '';
  let seq = 0;
  let retry = false;
  for (const effect of effects) {
    switch (effect.type) {
      case 'persist': {
        const patch: Partial<ActionRecord> = {
          ...extra.patch,
          state: effect.state,
          reason: effect.reason,
          updatedAt: at,
        };
        if (!(await ports.actions.update(current.id, current.state, patch))) {
          throw new ConflictError(`action ${current.id} is no longer ${current.state}; another worker owns it`);
        }
        record = { ...record, ...patch };
        if (effect.state === 'verified' && record.rollbackOf !== null) await markUndone(deps, ports, record);
        break;
      }
      case 'history': {
        const entry = await ports.history.append(current.id, at, {
          event: effect.event,
          state: record.state,
          reason: record.reason,
          attempts: record.attempts,
          ...(extra.message === undefined ? {} : { message: extra.message }),
          ...(record.observedValue === null ? {} : { observed: record.observedValue }),
          ...extra.details,
        });
        hash = entry.hash;
        seq = entry.seq;
        break;
      }
      case 'comment': {
        const body = renderEvidence({
          kind: effect.kind === 'verified' && record.rollbackOf !== null ? 'restored' : effect.kind,
          action: record,
          historyHash: hash,
          historySeq: seq,
          ...(extra.message === undefined ? {} : { message: extra.message }),
        });
        await ports.outbox.enqueue({
          actionId: record.id,
          issueId: record.issueId,
          kind: 'comment',
          payload: { body },
          dedupeKey: `${record.id}:comment:${effect.kind}`,
        });
        break;
      }
      case 'transition':
        await ports.outbox.enqueue({
          actionId: record.id,
          issueId: record.issueId,
          kind: 'transition',
          payload: {
            status:
              effect.to === 'done' && record.rollbackOf !== null
                ? (deps.statuses.rolledBack ?? deps.statuses.done)
                : deps.statuses[effect.to],
          },
          dedupeKey: `${record.id}:transition:${effect.to}`,
        });
        break;
      case 'retry':
        retry = true;
        break;
      default: {
        const unreachable: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { record, retry };
}

/** In the rollback's own step (same transaction): the action it undid moves verified → rolled_back. */
async function markUndone(deps: ExecuteDeps, ports: StepPorts, rollback: ActionRecord): Promise<void> {
  const original = rollback.rollbackOf === null ? undefined : await ports.actions.get(rollback.rollbackOf);
  if (original === undefined || original.state !== 'verified') return;
  await stepIn(deps, ports, original, { type: 'undone' }, { message: `Rolled back by action ${rollback.id}.` });
}

function targetOf(action: ActionRecord) {
  return { kind: action.resource.kind, id: action.resource.id };
}

/** Restores `previous` after a mismatch when policy and strategy allow it, then verifies the rollback. */
async function rollBack(deps: ExecuteDeps, executor: StrategyExecutor, failed: ActionRecord): Promise<ActionRecord> {
  const previous = failed.previousValue;
  if (!deps.policy.rollbackOnMismatch || executor.rollback === undefined || previous === null) return failed;
  if (deps.isKillSwitchOn()) {
    return (
      await step(
        deps,
        failed,
        { type: 'rollback_failed' },
        { message: 'The kill switch is on; rollback was not attempted.' },
      )
    ).record;
  }
  const target = targetOf(failed);
  const fields = failed.plan.changes;
  try {
    const observed = await executor.read(deps.api, target, fields);
    if (observed !== null) await executor.rollback(deps.api, target, previous, observed);
  } catch {
    // Outcome unknown or refused: the read-back below decides.
  }
  const after = await executor.read(deps.api, target, fields);
  const restored =
    after !== null &&
    classifyObserved(
      fields.map((c) => ({ field: c.field, before: c.after, after: previous[c.field] })),
      after.values,
    ) === 'target';
  return restored
    ? (await step(deps, failed, { type: 'rolled_back' }, { patch: { observedValue: after.values } })).record
    : (
        await step(
          deps,
          failed,
          { type: 'rollback_failed' },
          { message: 'The rollback could not be verified; a person must check the resource.' },
        )
      ).record;
}

/**
 * Reads the resource back after a write (or after a crash) and decides: target → verified; previous after
 * an unknown outcome → retry under the same key within the attempt budget (the write did not land);
 * otherwise → failed (mismatch, or drift during recovery) with a rollback when allowed.
 */
async function verify(
  deps: ExecuteDeps,
  executor: StrategyExecutor,
  current: ActionRecord,
  written: 'sent' | 'unknown',
  mode: 'run' | 'recovery',
): Promise<StepResult> {
  const observed = await executor.read(deps.api, targetOf(current), current.plan.changes);
  if (observed === null) {
    return step(deps, current, { type: 'not_found' }, { message: 'The resource no longer exists in Databricks.' });
  }
  const position = classifyObserved(current.plan.changes, observed.values);
  const patch = { observedValue: observed.values };
  if (position === 'target') return step(deps, current, { type: 'read_back_target' }, { patch });
  if (position === 'previous' && written === 'unknown') {
    return step(
      deps,
      current,
      { type: 'read_back_previous', attempt: current.attempts, maxAttempts: deps.policy.maxAttempts },
      { patch, message: 'The write did not land (read back shows the previous values).' },
    );
  }
  if (mode === 'recovery' && position !== 'previous') {
    return step(
      deps,
      current,
      { type: 'drift' },
      {
        patch,
        message: 'After a restart the resource showed values that are neither the previous nor the target ones.',
      },
    );
  }
  const failed = await step(
    deps,
    current,
    { type: 'read_back_mismatch' },
    { patch, message: `Read back after the write does not show the target values (${describeChanges(current)}).` },
  );
  return { record: await rollBack(deps, executor, failed.record), retry: false };
}

/** One pass from `applying`: re-read (compare-and-set), guards, write once, read back. */
async function attempt(deps: ExecuteDeps, executor: StrategyExecutor, current: ActionRecord): Promise<StepResult> {
  const target = targetOf(current);
  const changes = current.plan.changes;
  const observed: Observed | null = await executor.read(deps.api, target, changes);
  if (observed === null) {
    return step(
      deps,
      current,
      { type: 'not_found' },
      { message: 'The resource no longer exists in Databricks; nothing was written.' },
    );
  }
  const position = classifyObserved(changes, observed.values);
  if (position === 'target') {
    return step(
      deps,
      current,
      { type: 'already_at_target' },
      {
        patch: { observedValue: observed.values, previousValue: current.previousValue ?? observed.values },
        message: 'The resource already had the target values; nothing was written.',
      },
    );
  }
  if (position === 'drift') {
    return step(
      deps,
      current,
      { type: 'drift' },
      {
        patch: { observedValue: observed.values },
        message: 'The resource changed since the finding, so nothing was written; the next scan will re-evaluate it.',
      },
    );
  }
  if (executor.usesClusterUpdate(target)) {
    const guard = checkRestartGuard(deps.policy.restartPolicy, current.plan, observed.state);
    if (guard.kind === 'refuse') {
      // Deferred, not refused: the action waits (checked on a schedule, resumeDeferred) until TERMINATED.
      return step(
        deps,
        current,
        { type: 'defer' },
        {
          patch: { observedValue: observed.values },
          message: `${guard.message} The cluster is checked again on a schedule.`,
        },
      );
    }
  }
  if (deps.policy.dryRun) {
    return step(
      deps,
      current,
      { type: 'refuse', reason: 'dry_run' },
      { message: `DRY-RUN: would set ${describeChanges(current)}.` },
    );
  }
  if (deps.isKillSwitchOn()) {
    return step(
      deps,
      current,
      { type: 'refuse', reason: 'kill_switch' },
      { message: 'The lakewarden kill switch is on: no change was made to Databricks.' },
    );
  }
  const veto = deps.beforeWrite === undefined ? null : await deps.beforeWrite(current);
  if (veto !== null) return step(deps, current, { type: 'refuse', reason: 'not_approved' }, { message: veto });
  // Write-ahead: the previous values and the attempt are persisted before the call.
  const before = { previousValue: current.previousValue ?? observed.values, attempts: current.attempts + 1 };
  if (!(await deps.actions.update(current.id, 'applying', { ...before, updatedAt: deps.now().toISOString() }))) {
    throw new ConflictError(`action ${current.id} is no longer applying; another worker owns it`);
  }
  const writing = { ...current, ...before };
  let written: 'sent' | 'unknown' = 'sent';
  let retryAfterMs = 0;
  try {
    await executor.apply(deps.api, target, changes, observed);
  } catch (error) {
    if (isWriteRejected(error)) {
      const message = error instanceof Error ? error.message : String(error);
      return step(deps, writing, { type: 'write_rejected' }, { message: `Databricks refused the change: ${message}` });
    }
    written = 'unknown';
    retryAfterMs = retryAfterOf(error);
  }
  const next = await step(deps, writing, written === 'sent' ? { type: 'write_sent' } : { type: 'write_unknown' });
  const verified = await verify(deps, executor, next.record, written, 'run');
  return verified.retry ? { ...verified, retryAfterMs } : verified;
}

async function loop(deps: ExecuteDeps, executor: StrategyExecutor, start: ActionRecord): Promise<ActionRecord> {
  let current = start;
  while (current.state === 'applying') {
    const outcome = await attempt(deps, executor, current);
    current = outcome.record;
    if (!outcome.retry) break;
    if (deps.sleep !== undefined) {
      const options = { baseMs: 1000, maxMs: 30_000, random: deps.random ?? Math.random };
      await deps.sleep(backoffDelayMs(current.attempts, options, outcome.retryAfterMs ?? 0));
    }
  }
  return current;
}

/**
 * The strategy's executor and the deps it runs with: the WorkspaceApi is guarded by the strategy's
 * declaration (declared operations, on this action's resource, declared fields only), whatever the caller asks.
 */
function prepare(
  deps: ExecuteDeps,
  action: ActionRecord,
): { executor: StrategyExecutor; strategy: StrategyDefinition<never>; deps: ExecuteDeps } | undefined {
  const strategy = (deps.strategies ?? STRATEGIES).get(action.strategy);
  if (strategy?.executor === undefined) return undefined;
  const api = guardWorkspaceApi(deps.api, strategy, targetOf(action));
  return { executor: strategy.executor, strategy, deps: { ...deps, api } };
}

/** The executor of a strategy that writes, or undefined (unknown or `manual`). */
export function executorOf(deps: Pick<ExecuteDeps, 'strategies'>, strategy: string): StrategyExecutor | undefined {
  return (deps.strategies ?? STRATEGIES).get(strategy)?.executor;
}

/**
 * Executes a claimed action (https://brandur.org/idempotency-keys): queued → applying (persisted first) → re-read →
 * drift / already at target / restart guard / dry-run / kill switch → one write → read back → verified or
 * failed (+ rollback). A write whose outcome is unknown is resolved by reading back, never by writing
 * blindly; a retry happens only when the read-back shows the previous values, under the same action.
 * Read errors propagate and leave the action in flight for {@link resumeAction} (no write without a read).
 * @returns the action as persisted at the end.
 */
export async function executeAction(deps: ExecuteDeps, action: ActionRecord): Promise<ActionRecord> {
  const prepared = prepare(deps, action);
  if (prepared === undefined) {
    return (
      await step(
        deps,
        action,
        { type: 'refuse', reason: 'no_executor' },
        { message: `Strategy ${action.strategy} is not applied automatically; the owner makes this change.` },
      )
    ).record;
  }
  if (action.state === 'queued' || (action.state === 'applying' && action.attempts === 0)) {
    const outside = checkDeclaration(prepared.strategy, action.resource.kind, action.plan.changes, {
      bounds: deps.restore !== true,
    });
    if (outside !== null) {
      return (
        await step(
          deps,
          action,
          { type: 'refuse', reason: 'outside_declaration' },
          { message: `${outside} Nothing was read or written.` },
        )
      ).record;
    }
  }
  const started = action.state === 'queued' ? (await step(deps, action, { type: 'start' })).record : action;
  return loop(prepared.deps, prepared.executor, started);
}

/**
 * Crash recovery of one in-flight action (docs/approvals.md §8), never a blind re-apply: `applying` with no
 * write sent yet → run normally (re-read first); `applying` after a write or `verifying` → read back:
 * target → verified; previous → retry under the same key within budget; other → failed drift; gone →
 * failed not_found.
 */
export async function resumeAction(outer: ExecuteDeps, action: ActionRecord): Promise<ActionRecord> {
  const prepared = prepare(outer, action);
  if (prepared === undefined || action.state === 'queued') return executeAction(outer, action);
  const { deps, executor } = prepared;
  if (action.state === 'applying' && action.attempts === 0) return loop(deps, executor, action);
  let current = action;
  if (current.state === 'applying') current = (await step(deps, current, { type: 'write_unknown' })).record;
  if (current.state !== 'verifying') return current;
  const outcome = await verify(deps, executor, current, 'unknown', 'recovery');
  return outcome.retry ? loop(deps, executor, outcome.record) : outcome.record;
}

/** What {@link admitAction} decided: refused (recorded, commented) or admitted (the action is now `applying`). */
export interface Admission {
  verdict: GuardrailVerdict;
  record: ActionRecord;
}

/**
 * Admits a claimed, queued action against the blast-radius limits **atomically**: in one store transaction
 * (`deps.transact`, which every action step holds, so admissions on all replicas take turns) it counts the
 * recent actions, asks `judge` (the guardrails) and either records the refusal or starts the action
 * (queued → applying), which makes it count for the next admission. Without `transact` (in-memory ports) the
 * same steps run in order.
 * @param judge pure: the guardrail verdict for these counts.
 * @throws ConflictError when another worker advanced the action first.
 */
export async function admitAction(
  deps: ExecuteDeps,
  action: ActionRecord,
  judge: (counts: ActionCounts) => GuardrailVerdict,
): Promise<Admission> {
  const run: Transact = deps.transact ?? ((work) => work(deps));
  return run(async (ports) => {
    const counts = await ports.actions.countRecent({ owner: action.owner, resource: action.resource, now: deps.now() });
    const verdict = judge(counts);
    const result =
      verdict.kind === 'refuse'
        ? await stepIn(deps, ports, action, { type: 'refuse', reason: verdict.reason }, { message: verdict.message })
        : await stepIn(deps, ports, action, { type: 'start' });
    return { verdict, record: result.record };
  });
}

/**
 * Fails an action that errors kept in flight past its deadline (the issue is commented and moved to the
 * failed status; nothing more is written). A write whose outcome was unknown is named in the message.
 * @throws ConflictError when another worker advanced the action first.
 */
export async function giveUpAction(deps: ExecuteDeps, action: ActionRecord, error: string): Promise<ActionRecord> {
  const unknown = action.state === 'verifying' || (action.state === 'applying' && action.attempts > 0);
  const message = unknown
    ? `lakewarden could not finish this change (${error}). A write was sent and could not be read back: check the resource before approving again.`
    : `lakewarden could not finish this change (${error}). Nothing was written to Databricks.`;
  return (await step(deps, action, { type: 'give_up' }, { message })).record;
}

/**
 * One scheduled check of a parked action (`deferred` by the restart guard): past its own deadline
 * (`deferMaxMs` since it was parked) → refused with a comment; the resource gone → refused; the cluster not yet
 * TERMINATED → unchanged (checked again next time); TERMINATED → applying again, where the executor re-reads and
 * compares with the plan (drift fails it), re-checks the guards and `beforeWrite`, then writes and reads back.
 * The approval's age limit is not re-applied to a parked action.
 * @returns the action as persisted after this check.
 */
export async function resumeDeferred(
  deps: ExecuteDeps,
  action: ActionRecord,
  options: { deferMaxMs: number },
): Promise<ActionRecord> {
  const prepared = prepare(deps, action);
  if (prepared === undefined || action.state !== 'deferred') return action;
  const days = Math.round((options.deferMaxMs / 86_400_000) * 10) / 10;
  if (deps.now().getTime() - Date.parse(action.updatedAt) > options.deferMaxMs) {
    const message =
      action.approver === null
        ? `The cluster was not terminated within ${days} days (remediation.deferMaxDays), so the change was not made.`
        : `The cluster was not terminated within ${days} days (remediation.deferMaxDays), so the approved change was not made. Approve again to retry.`;
    return (await step(deps, action, { type: 'defer_expired' }, { message })).record;
  }
  const observed = await prepared.executor.read(prepared.deps.api, targetOf(action), action.plan.changes);
  if (observed === null) {
    const message = 'The resource no longer exists in Databricks; nothing was written.';
    return (await step(deps, action, { type: 'refuse', reason: 'not_found' }, { message })).record;
  }
  if (observed.state !== 'TERMINATED') return action;
  const resumed = (await step(deps, action, { type: 'resume' })).record;
  return loop(prepared.deps, prepared.executor, resumed);
}

/** Records a refusal of a claimed, still-queued action (guardrails): persisted, in the history, commented once. */
export async function refuseAction(
  deps: ExecuteDeps,
  action: ActionRecord,
  reason: string,
  message: string,
): Promise<ActionRecord> {
  return (await step(deps, action, { type: 'refuse', reason }, { message })).record;
}
