/**
 * Action states (docs/approvals.md): queued → applying → verifying → verified | failed | refused | rolled_back;
 * `deferred` = parked until the cluster is terminated (restart guard), then applying again.
 */
export const ACTION_STATES = [
  'queued',
  'applying',
  'deferred',
  'verifying',
  'verified',
  'failed',
  'refused',
  'rolled_back',
] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** States a crash can leave an action in; recovery re-reads the resource for these. */
export const IN_FLIGHT_STATES: readonly ActionState[] = ['applying', 'verifying'];
export const TERMINAL_STATES: readonly ActionState[] = ['verified', 'refused', 'rolled_back'];

/** What happened to an action. `reason` codes are stable (used in history, comments and metrics). */
export type ActionEvent =
  | { type: 'start' }
  | { type: 'refuse'; reason: string }
  | { type: 'already_at_target' }
  | { type: 'drift' }
  | { type: 'not_found' }
  | { type: 'write_sent' }
  | { type: 'write_unknown' }
  | { type: 'write_rejected' }
  | { type: 'read_back_target' }
  | { type: 'read_back_mismatch' }
  | { type: 'read_back_previous'; attempt: number; maxAttempts: number }
  | { type: 'rolled_back' }
  | { type: 'rollback_failed' }
  /** Errors (Databricks, Jira or the store) kept an in-flight action from finishing within its deadline. */
  | { type: 'give_up' }
  /** A rollback on request (a later action) restored the values this verified action replaced. */
  | { type: 'undone' }
  /** The restart guard stopped the write: park the action until the cluster is terminated. */
  | { type: 'defer' }
  /** The parked action's cluster is terminated: apply (re-read and compare first). */
  | { type: 'resume' }
  /** The parked action passed its own deadline (`remediation.deferMaxDays`). */
  | { type: 'defer_expired' };
export type ActionEventType = ActionEvent['type'];

/** Side effects the executor performs, in order; `persist` is always first (write-ahead). */
export type ActionEffect =
  | { type: 'persist'; state: ActionState; reason: string | null }
  | { type: 'history'; event: string }
  | { type: 'comment'; kind: 'verified' | 'failed' | 'refused' | 'rolled_back' | 'deferred' }
  | { type: 'transition'; to: 'done' | 'failed' | 'open' }
  | { type: 'retry' };

export type TransitionResult =
  | { ok: true; state: ActionState; reason: string | null; effects: ActionEffect[] }
  | { ok: false; error: string };

function to(state: ActionState, reason: string | null, event: string, extra: ActionEffect[] = []): TransitionResult {
  return {
    ok: true,
    state,
    reason,
    effects: [{ type: 'persist', state, reason }, { type: 'history', event }, ...extra],
  };
}

function invalid(state: ActionState, event: ActionEvent): TransitionResult {
  return { ok: false, error: `event ${event.type} is not allowed in state ${state}` };
}

const failedEffects: ActionEffect[] = [
  { type: 'comment', kind: 'failed' },
  { type: 'transition', to: 'failed' },
];
const verifiedEffects: ActionEffect[] = [
  { type: 'comment', kind: 'verified' },
  { type: 'transition', to: 'done' },
];

/**
 * The action state machine (pure): `(state, event) → (state, effects)` or an error for a transition
 * that must not happen. Terminal states (refused, rolled_back) accept no event, `verified` only `undone` (a
 * rollback on request verified); `failed` accepts only the outcome of a rollback. Refusals return the issue to the open status for re-approval.
 */
export function transition(state: ActionState, event: ActionEvent): TransitionResult {
  switch (event.type) {
    case 'start':
      return state === 'queued' ? to('applying', null, 'applying') : invalid(state, event);
    case 'refuse':
      return state === 'queued' || state === 'applying' || state === 'deferred'
        ? to('refused', event.reason, `refused:${event.reason}`, [
            { type: 'comment', kind: 'refused' },
            { type: 'transition', to: 'open' },
          ])
        : invalid(state, event);
    case 'already_at_target':
      return state === 'applying'
        ? to('verified', 'already_at_target', 'verified:already_at_target', verifiedEffects)
        : invalid(state, event);
    case 'drift':
      return state === 'applying' || state === 'verifying'
        ? to('failed', 'drift', 'failed:drift', failedEffects)
        : invalid(state, event);
    case 'not_found':
      return state === 'applying' || state === 'verifying'
        ? to('failed', 'not_found', 'failed:not_found', failedEffects)
        : invalid(state, event);
    case 'write_sent':
      return state === 'applying' ? to('verifying', null, 'verifying') : invalid(state, event);
    case 'write_unknown':
      return state === 'applying'
        ? to('verifying', 'outcome_unknown', 'verifying:outcome_unknown')
        : invalid(state, event);
    case 'write_rejected':
      return state === 'applying'
        ? to('failed', 'write_rejected', 'failed:write_rejected', failedEffects)
        : invalid(state, event);
    case 'read_back_target':
      return state === 'verifying' ? to('verified', null, 'verified', verifiedEffects) : invalid(state, event);
    case 'read_back_mismatch':
      return state === 'verifying' ? to('failed', 'mismatch', 'failed:mismatch', failedEffects) : invalid(state, event);
    case 'read_back_previous':
      if (state !== 'verifying' && state !== 'applying') return invalid(state, event);
      return event.attempt < event.maxAttempts
        ? to('applying', 'retry', `applying:retry:${event.attempt + 1}`, [{ type: 'retry' }])
        : to('failed', 'attempts_exhausted', 'failed:attempts_exhausted', failedEffects);
    case 'rolled_back':
      return state === 'failed'
        ? to('rolled_back', 'rolled_back', 'rolled_back', [{ type: 'comment', kind: 'rolled_back' }])
        : invalid(state, event);
    case 'rollback_failed':
      return state === 'failed' ? to('failed', 'rollback_failed', 'failed:rollback_failed') : invalid(state, event);
    case 'undone':
      return state === 'verified'
        ? to('rolled_back', 'rolled_back_on_request', 'rolled_back:on_request')
        : invalid(state, event);
    case 'defer':
      return state === 'applying'
        ? to('deferred', 'awaiting_termination', 'deferred:awaiting_termination', [
            { type: 'comment', kind: 'deferred' },
          ])
        : invalid(state, event);
    case 'resume':
      return state === 'deferred' ? to('applying', null, 'applying:resumed') : invalid(state, event);
    case 'defer_expired':
      return state === 'deferred'
        ? to('refused', 'defer_expired', 'refused:defer_expired', [
            { type: 'comment', kind: 'refused' },
            { type: 'transition', to: 'open' },
          ])
        : invalid(state, event);
    case 'give_up':
      return state === 'queued' || state === 'applying' || state === 'verifying'
        ? to('failed', 'error', 'failed:error', failedEffects)
        : invalid(state, event);
    default: {
      const unreachable: never = event;
      throw new Error(`unknown action event ${JSON.stringify(unreachable)}`);
    }
  }
}
