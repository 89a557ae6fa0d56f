import type { RemediationSection } from '../config/remediation-section.ts';
import type { ExecuteDeps } from './execute-deps.ts';
import type { ActionStorePort, HistoryPort, OutboxPort, Transact } from './ports.ts';
import { scrubActions, scrubHistory, scrubOutbox, scrubTransact } from './scrubbed-ports.ts';
import type { WorkspaceApi } from './workspace-api.ts';

/**
 * The executor's deps as approvals and `auto` scans both run it: the ports wrapped so secrets are scrubbed
 * before anything is persisted (history, outbox, action records), the policy from `remediation:` and the Jira
 * statuses the outbox moves issues to (a refusal returns the issue to `approval.refusalStatus`, else `open`).
 */
export function createExecuteDeps(input: {
  api: WorkspaceApi;
  ports: { actions: ActionStorePort; history: HistoryPort; outbox: OutboxPort; transact?: Transact | undefined };
  remediation: RemediationSection;
  statuses: { done: string; failed: string; open: string; rolledBack: string };
  isKillSwitchOn: () => boolean;
  scrub: (text: string) => string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}): ExecuteDeps {
  const { remediation, ports, scrub } = input;
  return {
    api: input.api,
    actions: scrubActions(ports.actions, scrub),
    history: scrubHistory(ports.history, scrub),
    outbox: scrubOutbox(ports.outbox, scrub),
    isKillSwitchOn: input.isKillSwitchOn,
    policy: {
      dryRun: remediation.dryRun,
      restartPolicy: remediation.restartPolicy,
      rollbackOnMismatch: remediation.rollbackOnMismatch,
      maxAttempts: remediation.maxAttempts,
    },
    statuses: {
      done: input.statuses.done,
      failed: input.statuses.failed,
      open: remediation.approval.refusalStatus ?? input.statuses.open,
      rolledBack: input.statuses.rolledBack,
    },
    now: input.now,
    sleep: input.sleep,
    random: input.random,
    ...(ports.transact === undefined ? {} : { transact: scrubTransact(ports.transact, scrub) }),
  };
}
