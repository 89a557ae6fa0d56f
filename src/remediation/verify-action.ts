import type { ActionRecord } from './action-record.ts';
import { describeChanges, type StepResult, step, targetOf } from './action-step.ts';
import { classifyObserved } from './classify-observed.ts';
import type { ExecuteDeps } from './execute-deps.ts';
import type { StrategyExecutor } from './executor.ts';

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
export async function verify(
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
