import type { Logger } from 'pino';
import type { PlanRevalidator } from '../approvals/revalidate-plan.ts';
import type { LakewardenConfig } from '../config/schema.ts';
import type { Store } from '../records/store.ts';
import { IN_FLIGHT_STATES } from '../remediation/action-machine.ts';
import { admitAction, giveUpAction, refuseAction } from '../remediation/admit-action.ts';
import { checkAutoGates } from '../remediation/check-auto-gates.ts';
import { executeAction } from '../remediation/execute-action.ts';
import type { ExecuteDeps } from '../remediation/execute-deps.ts';
import type { FiledPlan } from '../remediation/filed-plan.ts';
import { effectiveAutonomy, evaluateGuardrails, type GuardrailInput } from '../remediation/guardrails.ts';
import { renderNotice } from '../remediation/render-evidence.ts';
import { compileCel } from '../rules/cel.ts';
import type { SyncResult } from '../tickets/sync-result.ts';
import { autoAction } from './auto-action.ts';

/**
 * What the scan needs to apply `auto` findings (wired by the composition root, src/main.ts): the executor's
 * ports (WorkspaceApi, action store, history, outbox; the same as approvals), the plan re-check against a
 * fresh read, new action ids and the outbox relay that delivers the resulting Jira comments and transitions.
 */
export interface AutoRemediationPorts {
  execute: ExecuteDeps;
  revalidate: PlanRevalidator;
  newId: () => string;
  /** Delivers a batch of the queued Jira comments and transitions now; resolves how many were sent. */
  relay: () => Promise<number>;
}

/** What the scan did with its `auto` findings. */
export interface AutoOutcome {
  /** Applied and verified by read-back (the issue is commented with the evidence and moved to done). */
  verified: number;
  /** Actions that ended otherwise (failed, refused after the claim, deferred until a cluster terminates). */
  notVerified: number;
  /** Waiting for `remediation.auto.noticeHours` since they were filed. */
  waiting: number;
  /** Stopped by a gate or guardrail: commented with the reason, waiting for an approval. */
  stopped: number;
  /** `remediation.dryRun`: would have been applied, nothing written. */
  dryRun: number;
}

export interface ApplyAutoDeps {
  store: Pick<Store, 'getFiledPlan'>;
  config: LakewardenConfig;
  logger: Logger;
  auto: AutoRemediationPorts;
}

/** Relay passes at the end of a scan, at most (the rest is delivered by `serve`'s relay). */
const MAX_RELAY_PASSES = 20;

/** Resources per kind in the scanned snapshot (the share-of-kind blast radius). */
export type KindCounts = ReadonlyMap<string, number>;

/** The sync ops whose issue is open and filed by lakewarden (declined, snoozed and resolved ones are left alone). */
function openFingerprints(sync: SyncResult): string[] {
  const fps: string[] = [];
  for (const op of sync.ops) {
    if (op.op === 'create' || op.op === 'update' || op.op === 'unchanged' || op.op === 'reopen') {
      fps.push(op.item.finding.fingerprint);
    }
  }
  return fps;
}

/**
 * Applies the scan's `auto` findings (docs/approvals.md "Autonomy: auto"), after the sync filed them and their
 * plans were kept (record-filed-plans.ts): for each open issue whose effective autonomy is auto, the scan-side
 * gates (check-auto-gates.ts: opt-out tag, allowed strategies, notice period, maintenance window, per-scan and
 * share-of-kind blast radius), then the guardrails in auto mode (scope over the resource and its tags, savings
 * and change bounds, hourly limits, cool-down) — both first as a check, so a stopped finding only gets a comment
 * (one per plan and reason), and again atomically when the action is admitted. An admitted action is re-checked
 * against a fresh read (revalidate-plan.ts) and executed like an approval (executeAction: write-ahead,
 * compare-and-set, restart policy, read-back, history, evidence comment and transition to done). The action
 * key is `sha256(fingerprint | strategy | target | "auto:<scanId>")` (approvals/action-key.ts), so one scan
 * claims one action per finding. With `remediation.dryRun` nothing is claimed or written. The outbox is relayed
 * at the end. Never throws for one finding: its error is logged (and an action it left in flight is failed
 * with a comment).
 */
export async function applyAuto(
  deps: ApplyAutoDeps,
  input: { scanId: string; sync: SyncResult; kinds: KindCounts },
): Promise<AutoOutcome> {
  const { config, auto } = deps;
  const remediation = config.remediation;
  const execute = auto.execute;
  const outcome: AutoOutcome = { verified: 0, notVerified: 0, waiting: 0, stopped: 0, dryRun: 0 };
  const started = { total: 0, byKind: new Map<string, number>() };
  const scope = compileScope(remediation.auto.scope, deps.logger);
  const notify = async (filed: FiledPlan, reason: string, message: string): Promise<void> => {
    outcome.stopped++;
    deps.logger.info(
      { fingerprint: filed.fingerprint, reason },
      'auto action stopped; the issue waits for an approval',
    );
    await execute.outbox.enqueue({
      actionId: `auto:${filed.fingerprint}`,
      issueId: filed.issueId,
      kind: 'comment',
      payload: {
        body: renderNotice(
          `Autonomy auto: ${message}`,
          `This change waits for an approval: move the issue to "${config.jira.statuses.approved}" to apply it.`,
        ),
      },
      dedupeKey: `auto:${filed.fingerprint}:${filed.planHash}:${reason}`,
    });
  };
  for (const fingerprint of openFingerprints(input.sync)) {
    const filed = await deps.store.getFiledPlan(fingerprint);
    if (filed === undefined) continue;
    const plan = filed.plan;
    if (effectiveAutonomy(remediation, filed.ruleId, plan) !== 'auto') continue;
    const resource = filed.basis.resources[0];
    const tags = resource?.tags ?? {};
    const kind = filed.resource.kind;
    const now = execute.now();
    const gate = checkAutoGates({
      auto: remediation.auto,
      strategy: plan.strategy,
      resource: { kind, tags },
      filedAt: filed.filedAt,
      now,
      started: { total: started.total, ofKind: started.byKind.get(kind) ?? 0 },
      kindTotal: input.kinds.get(kind) ?? 0,
    });
    if (gate.kind === 'notice') {
      outcome.waiting++;
      deps.logger.info({ fingerprint, applyAfter: gate.applyAfter }, 'auto action waits for its notice period');
      continue;
    }
    if (gate.kind === 'stop') {
      await notify(filed, gate.reason, gate.message);
      continue;
    }
    const judge = (counts: GuardrailInput['counts']) =>
      evaluateGuardrails({
        mode: 'auto',
        config: remediation,
        killSwitch: execute.isKillSwitchOn(),
        ruleId: filed.ruleId,
        plan,
        resource: { ...filed.resource, ...(resource?.name === undefined ? {} : { name: resource.name }), tags },
        estimateUsdPerMonth: filed.estimateUsdPerMonth,
        counts,
        ...(scope === undefined ? {} : { scope }),
        kindTotal: input.kinds.get(kind) ?? 0,
        now,
      });
    const owner = filed.owner ?? null;
    const first = judge(await execute.actions.countRecent({ owner, resource: filed.resource, now }));
    if (first.kind === 'refuse') {
      await notify(filed, first.reason, first.message);
      continue;
    }
    if (first.kind === 'dry_run') {
      outcome.dryRun++;
      deps.logger.info(
        { fingerprint, strategy: plan.strategy },
        `DRY-RUN: would apply ${plan.strategy} on ${kind} ${filed.resource.id} (remediation.dryRun)`,
      );
      continue;
    }
    const action = autoAction(filed, input.scanId, auto.newId(), now);
    if ((await execute.actions.claim(action)) !== 'claimed') continue;
    try {
      const admission = await admitAction(execute, action, judge);
      if (admission.verdict.kind !== 'allow') {
        // Admitted atomically: a concurrent action took the last slot (recorded and commented by the machine).
        outcome.notVerified++;
        continue;
      }
      started.total++;
      started.byKind.set(kind, (started.byKind.get(kind) ?? 0) + 1);
      const revalidation = await auto.revalidate(filed);
      const done = revalidation.ok
        ? await executeAction(execute, admission.record)
        : await refuseAction(execute, admission.record, revalidation.reason, revalidation.message);
      if (done.state === 'verified') outcome.verified++;
      else outcome.notVerified++;
      deps.logger.info({ fingerprint, actionId: done.id, state: done.state, reason: done.reason }, 'auto action');
    } catch (error) {
      outcome.notVerified++;
      await failInFlight(deps, action.id, error);
    }
  }
  try {
    // One relay pass sends a batch; pass again while it sends (a message that failed waits for its backoff).
    for (let pass = 0; pass < MAX_RELAY_PASSES && (await auto.relay()) > 0; pass++);
  } catch (error) {
    deps.logger.warn({ error: (error as Error).message }, 'auto: Jira comments not delivered yet (kept in the outbox)');
  }
  return outcome;
}

/** The scope program, or undefined (every resource out of scope) when the expression does not compile. */
function compileScope(expression: string, logger: Logger): GuardrailInput['scope'] | undefined {
  try {
    return compileCel(expression);
  } catch (error) {
    logger.error({ error: (error as Error).message }, 'remediation.auto.scope does not compile; no auto action');
    return undefined;
  }
}

/** After an error: an action still queued or in flight is failed with a comment (nothing is retried blindly). */
async function failInFlight(deps: ApplyAutoDeps, actionId: string, error: unknown): Promise<void> {
  const detail = error instanceof Error ? error.message : String(error);
  deps.logger.error({ actionId, error: detail }, 'auto action stopped by an error');
  try {
    const current = await deps.auto.execute.actions.get(actionId);
    if (current !== undefined && (current.state === 'queued' || IN_FLIGHT_STATES.includes(current.state))) {
      await giveUpAction(deps.auto.execute, current, detail);
    }
  } catch (inner) {
    deps.logger.error({ actionId, error: (inner as Error).message }, 'auto action could not be failed; recovery will');
  }
}
