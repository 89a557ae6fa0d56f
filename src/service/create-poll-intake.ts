import { type PollResult, pollOnce } from '../approvals/poll-intake.ts';
import type { LakewardenConfig } from '../config/schema.ts';
import type { InboxPort } from '../intake/inbox-port.ts';
import { hasSnoozeCommand } from '../intake/parse-snooze-command.ts';
import { mayBeAskText } from '../intake/parse-webhook.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { getSetting, setSetting } from '../store/settings-store.ts';
import type { ApprovalTracker, IssueTracker } from '../tracker/issue-tracker.ts';

/** Settings key of the polling intake's watermark (ISO start of the last complete poll). */
export const POLL_WATERMARK_KEY = 'approvals_poll_watermark';

/**
 * The polling intake of `serve` wired from the configuration: status changes into `jira.statuses.approved`,
 * `jira.statuses.rollback` and `approvals.snooze.status` (when set), comments holding `/lakewarden snooze` or, with AI
 * on, the ask command; the watermark in the store's settings (`approvals_poll_watermark`).
 * @returns one poll run (approvals/poll-intake.ts `pollOnce`).
 */
export function createPollIntake(deps: {
  config: LakewardenConfig;
  tracker: Pick<IssueTracker, 'findRecentlyUpdated' | 'listComments'>;
  jira: Pick<ApprovalTracker, 'getIssueWithChangelog'>;
  inbox: InboxPort;
  store: DatabaseHandle;
  botAccountId: string;
  /** `ai.askCommand` when AI is enabled. */
  askCommand: string | undefined;
  now?: () => Date;
}): () => Promise<PollResult> {
  const { config, askCommand } = deps;
  const snoozeStatus = config.approvals.snooze.status;
  return () =>
    pollOnce({
      tracker: deps.tracker,
      jira: deps.jira,
      inbox: deps.inbox,
      watermark: {
        read: async () => (await getSetting(deps.store, POLL_WATERMARK_KEY))?.value,
        write: (iso) => setSetting(deps.store, POLL_WATERMARK_KEY, iso),
      },
      botAccountId: deps.botAccountId,
      statuses: [
        config.jira.statuses.approved,
        config.jira.statuses.rollback,
        ...(snoozeStatus === undefined ? [] : [snoozeStatus]),
      ],
      isCommand: (text) => hasSnoozeCommand(text) || (askCommand !== undefined && mayBeAskText(text, askCommand)),
      overlapMinutes: config.approvals.poll.overlapMinutes,
      firstLookbackMinutes: config.approvals.poll.firstLookbackMinutes,
      now: deps.now ?? (() => new Date()),
    });
}
