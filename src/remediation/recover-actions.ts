import { IN_FLIGHT_STATES } from './action-machine.ts';
import type { ActionRecord } from './action-record.ts';
import { resumeAction } from './execute-action.ts';
import type { ExecuteDeps } from './execute-deps.ts';

/** Outcome per recovered action: its final record, or the error that left it in flight for the next run. */
export type RecoveryOutcome =
  | { id: string; ok: true; record: ActionRecord }
  | { id: string; ok: false; error: unknown };

/**
 * On start-up and periodically: every action in `applying` or `verifying` is re-verified by reading the
 * resource (see resumeAction). One failing action does not stop the others; it stays in flight and is
 * retried on the next run.
 */
export async function recoverActions(deps: ExecuteDeps): Promise<RecoveryOutcome[]> {
  const outcomes: RecoveryOutcome[] = [];
  for (const action of await deps.actions.listByStates(IN_FLIGHT_STATES)) {
    try {
      outcomes.push({ id: action.id, ok: true, record: await resumeAction(deps, action) });
    } catch (error) {
      outcomes.push({ id: action.id, ok: false, error });
    }
  }
  return outcomes;
}
