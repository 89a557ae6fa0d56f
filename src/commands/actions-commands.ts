import { InputError, NotFoundError } from '../errors.ts';
import { ACTION_STATES, type ActionState } from '../remediation/action-machine.ts';
import { formatTable } from '../scan/format-table.ts';
import { createKyselyActionStore } from '../store/approval-ports/kysely-action-store.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { readHistory, verifyChain } from '../store/history-store.ts';
import type { Output } from './output.ts';

/** Rows `actions list` prints at most. */
const LIST_LIMIT = 500;

function parseStates(value: string | undefined): ActionState[] | undefined {
  if (value === undefined) return undefined;
  const states = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const state of states) {
    if (!(ACTION_STATES as readonly string[]).includes(state)) {
      throw new InputError(`--state ${state}: expected one of ${ACTION_STATES.join(', ')}`);
    }
  }
  return states as ActionState[];
}

/**
 * `lakewarden actions list [--state s1,s2] [--json]`: actions newest first (id, state, reason, strategy,
 * resource, issue, approver, attempts, updated).
 * @throws InputError (exit 2) for an unknown state.
 */
export async function actionsList(
  handle: DatabaseHandle,
  output: Output,
  options: { state?: string; json: boolean },
): Promise<void> {
  const states = parseStates(options.state);
  const actions = await createKyselyActionStore(handle.db).list({
    ...(states === undefined ? {} : { states }),
    limit: LIST_LIMIT,
  });
  if (options.json) {
    output.out(JSON.stringify(actions, null, 2));
    return;
  }
  if (actions.length === 0) {
    output.out('no actions');
    return;
  }
  output.out(
    formatTable(
      ['ID', 'STATE', 'REASON', 'STRATEGY', 'RESOURCE', 'ISSUE', 'APPROVER', 'ATTEMPTS', 'UPDATED'],
      actions.map((a) => [
        a.id,
        a.state,
        a.reason ?? '',
        a.strategy,
        `${a.resource.kind}:${a.resource.id}`,
        a.issueKey || a.issueId,
        a.approver?.displayName ?? a.approver?.accountId ?? '',
        String(a.attempts),
        a.updatedAt,
      ]),
      new Set([7]),
    ),
  );
}

/**
 * `lakewarden actions show <id> [--json]`: the action's state, plan, values and every history event with
 * its seq, hash and previous hash.
 * @throws NotFoundError (exit 1) when no action has this id.
 */
export async function actionsShow(handle: DatabaseHandle, id: string, output: Output, json: boolean): Promise<void> {
  const action = await createKyselyActionStore(handle.db).get(id);
  if (action === undefined) throw new NotFoundError(`no action with id ${id} (see lakewarden actions list)`);
  const history = await readHistory(handle, id);
  if (json) {
    output.out(JSON.stringify({ action, history }, null, 2));
    return;
  }
  const lines = [
    `action    ${action.id}`,
    `state     ${action.state}${action.reason === null ? '' : ` (${action.reason})`}, attempts ${action.attempts}`,
    `issue     ${action.issueKey || action.issueId} (fingerprint ${action.fingerprint}, rule ${action.ruleId})`,
    `resource  ${action.resource.kind} ${action.resource.id} in workspace ${action.resource.workspaceId}`,
    `strategy  ${action.strategy}; restarts: ${action.plan.restarts ? 'yes' : 'no'}; risk: ${action.plan.risk || 'none stated'}`,
    `approved  ${action.approver === null ? 'automatic' : `${action.approver.displayName ?? ''} ${action.approver.accountId}`.trim()}${action.approvedAt === null ? '' : ` at ${action.approvedAt}`}${action.changelogId === null ? '' : ` (changelog ${action.changelogId})`}`,
    'plan:',
    ...action.plan.changes.map((c) => `  ${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`),
    `previous  ${JSON.stringify(action.previousValue)}`,
    `observed  ${JSON.stringify(action.observedValue)}`,
    'history:',
    ...history.map((e) => `  #${e.seq} ${e.at} ${JSON.stringify(e.event)}\n     hash ${e.hash} prev ${e.prevHash}`),
  ];
  output.out(lines.join('\n'));
}

/**
 * `lakewarden actions verify`: recomputes the whole history hash chain (verifyChain).
 * @returns 0 when intact (prints the head hash and length, to compare with the hashes in Jira comments),
 *   1 when an entry was edited, deleted or inserted (prints the first bad seq and why).
 */
export async function actionsVerify(handle: DatabaseHandle, output: Output): Promise<0 | 1> {
  const verdict = await verifyChain(handle);
  if (verdict.ok) {
    output.out(`history intact: ${verdict.count} events, head ${verdict.head}`);
    return 0;
  }
  output.err(`history TAMPERED at seq ${verdict.seq}: ${verdict.reason}`);
  return 1;
}
