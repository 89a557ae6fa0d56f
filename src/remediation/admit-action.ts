import type { ActionRecord } from './action-record.ts';
import { step, stepIn } from './action-step.ts';
import type { ExecuteDeps } from './execute-deps.ts';
import type { ActionCounts, GuardrailVerdict } from './guardrails.ts';
import type { Transact } from './ports.ts';

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

/** Records a refusal of a claimed, still-queued action (guardrails): persisted, in the history, commented once. */
export async function refuseAction(
  deps: ExecuteDeps,
  action: ActionRecord,
  reason: string,
  message: string,
): Promise<ActionRecord> {
  return (await step(deps, action, { type: 'refuse', reason }, { message })).record;
}
