import { ConflictError } from '../errors.ts';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import type { ActionRecord } from './action-record.ts';
import { describeChanges, type StepResult, step, targetOf } from './action-step.ts';
import { classifyObserved } from './classify-observed.ts';
import { checkDeclaration, guardWorkspaceApi } from './declaration.ts';
import type { ExecuteDeps } from './execute-deps.ts';
import type { Observed, StrategyExecutor } from './executor.ts';
import { checkRestartGuard } from './guardrails.ts';
import { STRATEGIES } from './registry.ts';
import type { StrategyDefinition } from './strategy.ts';
import { verify } from './verify-action.ts';
import { isWriteRejected, retryAfterOf } from './workspace-api.ts';

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
