import { formatTable } from '../document/format-table.ts';
import { ExternalServiceError, InputError, NotFoundError } from '../errors.ts';
import { ACTION_STATES, type ActionState } from '../remediation/action-machine.ts';
import { comparePublishedHeads, type PublishedHead, parseChainHeads } from '../remediation/chain-head.ts';
import type { ApprovalRuntime } from '../service/create-approval-runtime.ts';
import { createKyselyActionStore } from '../store/approval-ports/kysely-action-store.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { historyHashesAt, readHistory, verifyChain } from '../store/history-store.ts';
import type { IssueComment, IssueTracker } from '../tracker/issue-tracker.ts';
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
 * `lakewarden actions verify [--against-jira]`: recomputes the whole history hash chain (verifyChain); with
 * `tracker`, also compares it with the chain heads (`lakewarden-chain:<seq>:<hash>`) that lakewarden posted in
 * its evidence comments on the project's `lakewarden` issues and on every issue an action names (only comments
 * by the bot account count), so a
 * truncated history (newest events deleted) or a consistently rewritten tail is detected.
 * @returns 0 when intact (prints the head hash and length, and how many published heads matched),
 *   1 when an entry was edited, deleted or inserted, or the history disagrees with a head posted in Jira.
 * @throws ExternalServiceError when Jira cannot be read (exit 1 through the CLI error handler).
 */
export async function actionsVerify(
  handle: DatabaseHandle,
  output: Output,
  options: { tracker?: Pick<IssueTracker, 'whoAmI' | 'listLakewardenIssues' | 'listComments'> } = {},
): Promise<0 | 1> {
  const verdict = await verifyChain(handle);
  if (!verdict.ok) {
    output.err(`history TAMPERED at seq ${verdict.seq}: ${verdict.reason}`);
    return 1;
  }
  const intact = `history intact: ${verdict.count} events, head ${verdict.head}`;
  if (options.tracker === undefined) {
    output.out(intact);
    return 0;
  }
  // Issues lakewarden acted on are read even if someone removed their `lakewarden` label in Jira.
  const acted = await handle.db.selectFrom('actions').select('issue_id').distinct().execute();
  const published = await publishedHeads(
    options.tracker,
    acted.map((r) => r.issue_id),
  );
  const local = await historyHashesAt(
    handle,
    published.map((h) => h.seq),
  );
  const check = comparePublishedHeads(published, (seq) => local.get(seq), verdict.count);
  if (!check.ok) {
    const { head } = check;
    output.err(
      check.reason === 'missing'
        ? `history TAMPERED: ${head.issueKey} shows chain head #${head.seq} but the local history ends at #${check.localCount} (newest events deleted)`
        : `history TAMPERED: ${head.issueKey} shows chain head #${head.seq} ${head.hash} but the local event #${head.seq} has hash ${local.get(head.seq)} (history rewritten)`,
    );
    return 1;
  }
  const newest = check.newest === undefined ? '' : ` (newest #${check.newest.seq} on ${check.newest.issueKey})`;
  output.out(`${intact}; matches the ${check.checked} chain heads posted in Jira${newest}`);
  return 0;
}

/** Chain heads in the bot's own comments on every `lakewarden` issue of the project and on `issueIds`. */
async function publishedHeads(
  tracker: Pick<IssueTracker, 'whoAmI' | 'listLakewardenIssues' | 'listComments'>,
  issueIds: readonly string[],
): Promise<PublishedHead[]> {
  const bot = (await tracker.whoAmI()).accountId;
  const issues = new Map((await tracker.listLakewardenIssues()).map((i) => [i.id, i]));
  for (const id of issueIds) if (!issues.has(id)) issues.set(id, { id, key: id });
  const heads: PublishedHead[] = [];
  for (const issue of issues.values()) {
    let comments: IssueComment[];
    try {
      comments = await tracker.listComments(issue.id);
    } catch (error) {
      // An issue deleted in Jira publishes nothing; any other failure ends the check (exit 1).
      if (error instanceof ExternalServiceError && error.status === 404) continue;
      throw error;
    }
    for (const comment of comments) {
      if (comment.authorAccountId !== bot) continue;
      for (const head of parseChainHeads(JSON.stringify(comment.body))) heads.push({ ...head, issueKey: issue.key });
    }
  }
  return heads;
}

/**
 * `lakewarden actions rollback <id> --as <accountId>`: restores the values a verified action replaced (the
 * approval runtime's `rollbackAction`, approvals/request-rollback.ts), then delivers its Jira comment and
 * transition through the outbox relay.
 * @returns 0 when the rollback was verified, 1 when it was refused, failed or had been requested before.
 * @throws NotFoundError (exit 1) when no action has this id.
 */
export async function actionsRollback(
  runtime: Pick<ApprovalRuntime, 'rollbackAction' | 'relayOnce'>,
  output: Output,
  id: string,
  requesterAccountId: string,
): Promise<0 | 1> {
  const outcome = await runtime.rollbackAction(id, requesterAccountId);
  while ((await runtime.relayOnce()) > 0);
  switch (outcome.kind) {
    case 'refused':
      output.err(`rollback of ${id} refused (${outcome.reason}): ${outcome.message}`);
      return 1;
    case 'duplicate':
      output.err(
        `rollback of ${id} was requested before: action ${outcome.action?.id ?? '?'} is ${outcome.action?.state ?? '?'}`,
      );
      return 1;
    case 'executed': {
      const { action } = outcome;
      const text = `rollback ${action.id} of ${id}: ${action.state}${action.reason === null ? '' : ` (${action.reason})`}`;
      if (action.state === 'verified') {
        output.out(`${text}; rolled back and verified`);
        return 0;
      }
      output.err(text);
      return 1;
    }
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown rollback outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
