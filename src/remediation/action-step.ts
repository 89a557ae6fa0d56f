import { ConflictError } from '../errors.ts';
import { type ActionEffect, type ActionEvent, transition } from './action-machine.ts';
import type { ActionRecord } from './action-record.ts';
import type { ExecuteDeps } from './execute-deps.ts';
import type { StepPorts, Transact } from './ports.ts';
import { renderEvidence } from './render-evidence.ts';

export interface StepResult {
  record: ActionRecord;
  retry: boolean;
  /** With `retry`: the server's Retry-After (ms) from the unknown-outcome write, a floor for the wait. */
  retryAfterMs?: number;
}

export function describeChanges(action: ActionRecord): string {
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
export async function step(
  deps: ExecuteDeps,
  current: ActionRecord,
  event: ActionEvent,
  extra: { patch?: Partial<ActionRecord>; message?: string; details?: Record<string, unknown> } = {},
): Promise<StepResult> {
  const run: Transact = deps.transact ?? ((work) => work(deps));
  return run((ports) => stepIn(deps, ports, current, event, extra));
}

/** {@link step} through ports the caller already holds (inside its transaction). */
export async function stepIn(
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

export function targetOf(action: ActionRecord) {
  return { kind: action.resource.kind, id: action.resource.id };
}
