import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfParagraph } from '../document/adf-builders.ts';
import type { IssueTracker, MoveResult } from '../tracker/issue-tracker.ts';
import type { WriteFailure } from './group-failures.ts';
import type { SyncOp } from './plan-sync.ts';
import { renderReopenComment } from './render-reopen-comment.ts';
import { renderResolutionComment } from './render-resolution-comment.ts';
import { scrubAdf } from './scrub-adf.ts';
import type { SyncDeps } from './sync-findings.ts';

/**
 * The Jira workflow moves of a sync that writes: resolving an issue whose finding disappeared and reopening one
 * whose finding came back, each with its comment (rendered before the first write).
 */

/** What a move reads of the sync's dependencies. */
export type TransitionDeps = Pick<SyncDeps, 'config' | 'logger' | 'scrub'>;

/** Records a failed write (counted and grouped by the sync); rethrows what must stop the sync. */
export type FailWrite = (
  operation: WriteFailure['operation'],
  fingerprint: string,
  error: unknown,
  issueKey?: string,
) => void;

/** The comment each reopen and resolve posts when it succeeds, scrubbed, by fingerprint. */
export function renderComments(
  ops: readonly SyncOp[],
  deps: Pick<SyncDeps, 'scrub'>,
  scanId: string,
  now: Date,
): Map<string, AdfDoc> {
  const comments = new Map<string, AdfDoc>();
  const scanTime = now.toISOString();
  for (const op of ops) {
    if (op.op === 'resolve') {
      const comment = renderResolutionComment({ scanId, scanTime, ruleTitle: op.record.ruleId });
      comments.set(op.record.fingerprint, scrubAdf(comment, deps.scrub));
    } else if (op.op === 'reopen') {
      const comment = renderReopenComment({ scanId, scanTime, finding: op.item.finding });
      comments.set(op.item.finding.fingerprint, scrubAdf(comment, deps.scrub));
    }
  }
  return comments;
}

/** The comment rendered for this resolve or reopen. @throws Error when none was (a bug). */
export function commentOf(
  comments: ReadonlyMap<string, AdfDoc>,
  op: Extract<SyncOp, { op: 'resolve' | 'reopen' }>,
): AdfDoc {
  const comment = comments.get(op.op === 'resolve' ? op.record.fingerprint : op.item.finding.fingerprint);
  if (comment === undefined) throw new Error(`no comment rendered for ${op.op}`);
  return comment;
}

/** Logs each hop of a move, so the path an issue took through the workflow is on record. */
function logHops(deps: Pick<SyncDeps, 'logger'>, issueId: string, moved: MoveResult): void {
  for (const hop of moved.hops) {
    deps.logger.info({ issueId, transition: hop.transition, from: hop.from, to: hop.to }, 'jira transition');
  }
}

/**
 * Moves an issue whose finding disappeared to the done status (through the workflow), then comments. When no
 * path leads there, comments why (once per issue: later scans find the comment by its marker) and records a
 * failure; the store keeps the issue open, as Jira shows it.
 * @returns true when Jira shows the issue in the done status
 */
export async function resolveIssue(
  op: Extract<SyncOp, { op: 'resolve' }>,
  tracker: IssueTracker,
  deps: TransitionDeps,
  comment: AdfDoc,
  fail: FailWrite,
): Promise<boolean> {
  const { issueId, fingerprint } = op.record;
  const done = deps.config.jira.statuses.done;
  try {
    const moved = await tracker.moveTo(issueId, done);
    logHops(deps, issueId, moved);
    if (!moved.reached) {
      // One comment per issue, not one per scan: the marker finds an earlier one.
      const marker = `lakewarden-ref:no-path-to-done:${fingerprint}`;
      if (!(await tracker.hasCommentWith(issueId, marker))) {
        const message = `lakewarden no longer detects this finding but could not move the issue to "${done}": ${moved.reason}. Please move it by hand. (${marker})`;
        await tracker.addComment(issueId, scrubAdf(adfDoc([adfParagraph([{ text: message }])]), deps.scrub));
      }
      fail('resolve', fingerprint, moved.reason, op.issueKey);
      return false;
    }
    await tracker.addComment(issueId, comment);
    return true;
  } catch (error) {
    fail('resolve', fingerprint, error, op.issueKey);
    return false;
  }
}

/**
 * Reopens an issue lakewarden had resolved because its finding came back: moves it to the open status, brings
 * the description up to date and comments with the new evidence. No path → a failure; the store keeps it resolved.
 * @returns true when Jira shows the issue reopened
 */
export async function reopenIssue(
  op: Extract<SyncOp, { op: 'reopen' }>,
  tracker: IssueTracker,
  deps: TransitionDeps,
  comment: AdfDoc,
  fail: FailWrite,
): Promise<boolean> {
  const { finding, draft } = op.item;
  try {
    const moved = await tracker.moveTo(op.issueId, deps.config.jira.statuses.open);
    logHops(deps, op.issueId, moved);
    if (!moved.reached) {
      fail('reopen', finding.fingerprint, moved.reason, op.issueKey);
      return false;
    }
    await tracker.updateIssue(op.issueId, draft);
    await tracker.addComment(op.issueId, comment);
    return true;
  } catch (error) {
    fail('reopen', finding.fingerprint, error, op.issueKey);
    return false;
  }
}
