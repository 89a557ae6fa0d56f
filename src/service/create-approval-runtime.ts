import { randomUUID } from 'node:crypto';
import { type ApprovalPolicy, latestApproval } from '../approvals/decide-approval.ts';
import { isBatchQueue, runInboxBatch, runInboxOnce, type WorkerLog } from '../approvals/inbox-worker.ts';
import { relayOutboxOnce } from '../approvals/outbox-relay.ts';
import { type ProcessApprovalDeps, type ProcessOutcome, processApproval } from '../approvals/process-approval.ts';
import { processRollback } from '../approvals/process-rollback.ts';
import { processSnoozeComment, processSnoozeStatus } from '../approvals/process-snooze.ts';
import { type RollbackRequestOutcome, requestRollback } from '../approvals/request-rollback.ts';
import { createPlanRevalidator } from '../approvals/revalidate-plan.ts';
import type { ApprovalsSection } from '../config/approvals-section.ts';
import type { JiraSection } from '../config/jira-section.ts';
import type { RemediationSection } from '../config/remediation-section.ts';
import { createResourceRefresher } from '../databricks/collect/refresh-resource.ts';
import { hasSnoozeCommand } from '../intake/parse-snooze-command.ts';
import type { WebhookHint } from '../intake/parse-webhook.ts';
import type { InboxQueuePort, OutboxQueuePort } from '../intake/queue-ports.ts';
import type { SnoozeRecord } from '../records/store.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import { refuseAction } from '../remediation/admit-action.ts';
import { createExecuteDeps } from '../remediation/create-execute-deps.ts';
import { resumeDeferred } from '../remediation/execute-action.ts';
import type { ExecuteDeps } from '../remediation/execute-deps.ts';
import type { FiledPlanStore } from '../remediation/filed-plan.ts';
import type { ActionStorePort, HistoryPort, OutboxPort, Transact } from '../remediation/ports.ts';
import { type RecoveryOutcome, recoverActions } from '../remediation/recover-actions.ts';
import type { WorkspaceApi } from '../remediation/workspace-api.ts';
import { sleepMs } from '../retry/sleep-ms.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import type { ApprovalTracker, CommentReader } from '../tracker/issue-tracker.ts';
import { startPollLoop } from './poll-loop.ts';

/** Everything the approval runtime needs; `lakewarden serve` and the tests build it. */
export interface ApprovalRuntimeDeps {
  ports: {
    inbox: InboxQueuePort;
    actions: ActionStorePort;
    history: HistoryPort;
    outbox: OutboxPort & OutboxQueuePort;
    transact?: Transact;
  };
  jira: ApprovalTracker & CommentReader;
  api: WorkspaceApi;
  /** The plans lakewarden filed when it scanned (the store): what approvals apply. */
  plans: Pick<FiledPlanStore, 'getFiledPlan'>;
  /** Loads the rules as a scan would (re-read per approval, so approvals and scans judge alike). */
  rules: () => Promise<readonly CompiledRule[]>;
  remediation: RemediationSection;
  statuses: JiraSection['statuses'];
  botAccountId: string;
  /** Re-read before every write: config flag, LAKEWARDEN_KILL_SWITCH or the store setting. */
  isKillSwitchOn: () => boolean;
  scrub: (text: string) => string;
  log: WorkerLog & { error(fields: Record<string, unknown>, message: string): void };
  workerId?: string;
  now?: () => Date;
  random?: () => number;
  /** Waits before a new write after an unknown outcome (default a real timer; tests record the waits). */
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
  /** Loop pauses when idle, ms (defaults: worker 500, relay 1000, recovery 60 000). */
  intervals?: { workerMs?: number; relayMs?: number; recoveryMs?: number };
  /** Backoff of deferred deliveries and failed Jira writes (defaults in the worker and relay). */
  backoff?: { baseMs: number; maxMs: number };
  /** Recovery only touches in-flight actions not updated for this long (another worker may own them), ms. */
  recoveryStaleMs?: number;
  /** The same for the recovery at start-up: 0 with one replica (SQLite), where nothing else can own an action. */
  startupRecoveryStaleMs?: number;
  /** Handles `comment_created` deliveries (`/lakewarden ask`, approvals/process-ask.ts); absent: they are ignored. */
  ask?: (hint: WebhookHint) => Promise<ProcessOutcome>;
  /** Maps approvers to Databricks users for the resource-permission check (process-approval.ts); absent: it fails closed. */
  approverIdentity?: ProcessApprovalDeps['approverIdentity'];
  /**
   * Per-issue snooze (`approvals.snooze`) and where snoozes are stored (Store.upsertSnooze); absent: snooze
   * comments and the snooze status are ignored.
   */
  snooze?: {
    section: ApprovalsSection['snooze'];
    recordSnooze: (record: SnoozeRecord) => Promise<'recorded' | 'duplicate'>;
  };
  /** Told the outcome of every processed delivery (`executed`, `duplicate`, `refused`, `ignored`, `error`), e.g. for metrics. */
  onOutcome?: (outcome: string) => void;
}

/** The handles `serve` starts and stops. */
export interface ApprovalRuntime {
  processDelivery(hint: WebhookHint): Promise<ProcessOutcome>;
  workOnce(): ReturnType<typeof runInboxOnce>;
  relayOnce(): Promise<number>;
  recoverOnce(options?: { staleMs?: number }): Promise<RecoveryOutcome[]>;
  /** `lakewarden actions rollback <id> --as <accountId>` (approvals/request-rollback.ts); relay afterwards. */
  rollbackAction(actionId: string, requesterAccountId: string): Promise<RollbackRequestOutcome>;
  /** Starts the worker, relay and periodic recovery loops (recovery runs once first). */
  start(): Promise<void>;
  /** Wakes the worker (a delivery was just accepted). */
  wake(): void;
  /** Stops the loops after their current iteration (drain). */
  stop(): Promise<void>;
}

const INTERRUPTED =
  'lakewarden stopped before this approval was checked, so nothing was written. Move the issue out of the approved status and back to approve again.';

function policyOf(deps: ApprovalRuntimeDeps): ApprovalPolicy {
  const a = deps.remediation.approval;
  return {
    approvedStatus: deps.statuses.approved,
    maxAgeMs: a.maxAgeHours * 3_600_000,
    assigneeMayApprove: a.assigneeMayApprove,
    approverGroupIds: a.approverGroupIds,
    approverGroupIdsByStrategy: a.approverGroupIdsByStrategy,
    approverGroupIdsByRule: a.approverGroupIdsByRule,
  };
}

/**
 * Composes the approval side of `lakewarden serve` (docs/architecture.md "The loop"): the inbox worker (processApproval,
 * or processRollback when the delivery is a move to the rollback status, the snooze handlers of
 * process-snooze.ts for a snooze comment or a move to the snooze status), the outbox relay to Jira and
 * crash recovery (recoverActions) at start-up and periodically. Every state step of an action commits
 * with its history event and outbox rows in one transaction when `ports.transact` is given.
 */
export function createApprovalRuntime(deps: ApprovalRuntimeDeps): ApprovalRuntime {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const workerId = deps.workerId ?? `worker-${randomUUID()}`;
  const execute: ExecuteDeps = createExecuteDeps({
    api: deps.api,
    ports: deps.ports,
    remediation: deps.remediation,
    statuses: deps.statuses,
    isKillSwitchOn: deps.isKillSwitchOn,
    scrub: deps.scrub,
    now,
    sleep: deps.sleep ?? sleepMs,
    random,
  });
  const processDeps: ProcessApprovalDeps = {
    jira: deps.jira,
    execute,
    botAccountId: deps.botAccountId,
    policy: policyOf(deps),
    remediation: deps.remediation,
    newId: deps.newId ?? randomUUID,
    plans: deps.plans,
    revalidate: createPlanRevalidator({ refresh: createResourceRefresher(deps.api), rules: deps.rules }),
    ...(deps.approverIdentity === undefined ? {} : { approverIdentity: deps.approverIdentity }),
  };
  const snooze = deps.snooze;
  const snoozeDeps =
    snooze === undefined
      ? undefined
      : {
          jira: deps.jira,
          outbox: deps.ports.outbox,
          recordSnooze: snooze.recordSnooze,
          botAccountId: deps.botAccountId,
          policy: processDeps.policy,
          snooze: snooze.section,
          now,
        };
  const snoozeStatus = snooze?.section.status;
  const processDelivery = async (hint: WebhookHint): Promise<ProcessOutcome> => {
    if (hint.comment !== undefined) {
      if (snoozeDeps !== undefined && hasSnoozeCommand(hint.comment.text)) {
        const outcome = await processSnoozeComment(snoozeDeps, hint);
        deps.onOutcome?.(outcome.kind);
        return outcome;
      }
      return deps.ask === undefined ? { kind: 'ignored', reason: 'comments are not handled' } : deps.ask(hint);
    }
    try {
      const outcome =
        hint.statusChange?.toName === deps.statuses.rollback
          ? await processRollback({ ...processDeps, rollbackStatus: deps.statuses.rollback }, hint)
          : snoozeDeps !== undefined && snoozeStatus !== undefined && hint.statusChange?.toName === snoozeStatus
            ? await processSnoozeStatus(snoozeDeps, hint, snoozeStatus)
            : await processApproval(processDeps, hint);
      deps.onOutcome?.(outcome.kind);
      return outcome;
    } catch (error) {
      deps.onOutcome?.('error');
      throw error;
    }
  };
  const workOnce = () =>
    runInboxOnce({
      queue: deps.ports.inbox,
      process: processDelivery,
      workerId,
      now,
      random,
      log: deps.log,
      ...(deps.backoff === undefined ? {} : { backoff: deps.backoff }),
    });
  /** The serve loop's worker step: a batch when the queue claims in batches (the store does), else one delivery. */
  const inbox = deps.ports.inbox;
  /** Set by stop(): the worker finishes the delivery in hand and releases the rest of its batch. */
  let stopping = false;
  const workBatch = async (): Promise<boolean> =>
    isBatchQueue(inbox)
      ? (
          await runInboxBatch({
            queue: inbox,
            process: processDelivery,
            workerId,
            now,
            random,
            log: deps.log,
            keepGoing: () => !stopping,
            ...(deps.backoff === undefined ? {} : { backoff: deps.backoff }),
          })
        ).length > 0
      : (await workOnce()).kind !== 'idle';
  const relayOnce = () =>
    relayOutboxOnce({
      queue: deps.ports.outbox,
      jira: deps.jira,
      scrub: deps.scrub,
      now,
      random,
      log: deps.log,
      ...(deps.backoff === undefined ? {} : { backoff: deps.backoff }),
    });
  /** A parked action is written only while its issue is still approved by the same changelog entry (auto: not declined). */
  const stillApproved = async (action: ActionRecord): Promise<string | null> => {
    if (action.rollbackOf !== null) return null; // a rollback was authorised on its own (status or CLI)
    const fresh = await deps.jira.getIssueWithChangelog(action.issueId);
    if (action.approver === null && action.changelogId === null) {
      // An auto action (scan/apply-auto.ts) goes on unless an owner declined the issue while it waited.
      return fresh.status.name === deps.statuses.declined
        ? `${action.issueKey} was moved to "${deps.statuses.declined}" while the change waited for the cluster to terminate, so nothing was written.`
        : null;
    }
    const latest = latestApproval(fresh, deps.statuses.approved);
    return fresh.status.name === deps.statuses.approved && latest?.id === action.changelogId
      ? null
      : `${action.issueKey} left "${deps.statuses.approved}" while the change waited for the cluster to terminate, so nothing was written.`;
  };
  const recoverOnce = async (options: { staleMs?: number } = {}) => {
    const staleMs = options.staleMs ?? deps.recoveryStaleMs ?? 300_000;
    const cutoff = now().getTime() - staleMs;
    const stale: ActionStorePort = {
      ...deps.ports.actions,
      listByStates: async (states) =>
        (await deps.ports.actions.listByStates(states)).filter((a) => Date.parse(a.updatedAt) <= cutoff),
    };
    const outcomes = await recoverActions({ ...execute, actions: stale });
    // Parked until their cluster terminates (restart guard): checked on this schedule, with their own deadline.
    for (const parked of await deps.ports.actions.listByStates(['deferred'])) {
      try {
        const record = await resumeDeferred({ ...execute, beforeWrite: stillApproved }, parked, {
          deferMaxMs: deps.remediation.deferMaxDays * 86_400_000,
        });
        if (record.state !== 'deferred') outcomes.push({ id: parked.id, ok: true, record });
      } catch (error) {
        outcomes.push({ id: parked.id, ok: false, error });
      }
    }
    // Claimed but never started (the process stopped between the claim and the guardrails): fail closed.
    for (const queued of await stale.listByStates(['queued'])) {
      try {
        const record = await refuseAction(execute, queued, 'interrupted', INTERRUPTED);
        outcomes.push({ id: queued.id, ok: true, record });
      } catch (error) {
        outcomes.push({ id: queued.id, ok: false, error });
      }
    }
    for (const o of outcomes) {
      if (o.ok) deps.log.info({ actionId: o.id, state: o.record.state }, 'Action recovered');
      else deps.log.warn({ actionId: o.id, error: String(o.error) }, 'Action still in flight after recovery');
    }
    await deps.ports.inbox.releaseStale(new Date(now().getTime() - Math.max(staleMs, 60_000)));
    return outcomes;
  };
  const intervals = deps.intervals ?? {};
  const onError = (loop: string) => (error: unknown) =>
    deps.log.error({ loop, error: deps.scrub(error instanceof Error ? error.message : String(error)) }, 'Loop failed');
  let loops: Array<{ wake(): void; stop(): Promise<void> }> = [];
  return {
    processDelivery,
    rollbackAction: (actionId, requesterAccountId) =>
      requestRollback(
        {
          jira: deps.jira,
          execute,
          policy: processDeps.policy,
          botAccountId: deps.botAccountId,
          newId: processDeps.newId,
        },
        { actionId, requesterAccountId },
      ),
    workOnce,
    relayOnce,
    recoverOnce,
    async start() {
      stopping = false;
      await recoverOnce(deps.startupRecoveryStaleMs === undefined ? {} : { staleMs: deps.startupRecoveryStaleMs });
      loops = [
        startPollLoop({
          iterate: workBatch,
          idleMs: intervals.workerMs ?? 500,
          onError: onError('worker'),
        }),
        startPollLoop({
          iterate: async () => (await relayOnce()) > 0,
          idleMs: intervals.relayMs ?? 1000,
          onError: onError('relay'),
        }),
        startPollLoop({
          iterate: async () => {
            await recoverOnce();
            return false;
          },
          idleMs: intervals.recoveryMs ?? 60_000,
          onError: onError('recovery'),
        }),
      ];
    },
    wake() {
      loops[0]?.wake();
    },
    async stop() {
      stopping = true;
      await Promise.all(loops.map((l) => l.stop()));
      loops = [];
    },
  };
}
