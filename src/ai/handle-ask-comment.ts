import type { Finding } from '../findings/finding.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { IssueTracker } from '../tickets/issue-tracker.ts';
import type { AiLogger } from './ai-logger.ts';
import { answerQuestion } from './answer-question.ts';
import type { AiServices } from './create-ai-services.ts';
import { createIdentifierTokens } from './identifier-tokens.ts';
import { type IncomingComment, parseAskComment } from './parse-ask-comment.ts';

export interface HandleAskCommentDeps {
  /** Undefined when AI is off: commands are then ignored without any model call. */
  ai: AiServices | undefined;
  tracker: Pick<IssueTracker, 'addComment'>;
  botAccountId: string;
  /** Whether the account may view the issue (e.g. Jira "permitted users" / browse-permission check). */
  canViewIssue: (accountId: string, issueKey: string) => Promise<boolean>;
  /**
   * The finding of the issue (store / issue property `lakewarden`), the latest snapshot and the last
   * scan's findings; undefined when the issue is not one of lakewarden's.
   */
  loadContext: (
    issueId: string,
  ) => Promise<
    { finding: Finding; snapshot: Snapshot | undefined; findings: readonly Finding[] | undefined } | undefined
  >;
  nowMs: () => number;
  logger: AiLogger;
}

export type AskOutcome = 'disabled' | 'ignored' | 'refused' | 'not-ours' | 'answered' | 'failed';

/**
 * Handles one Jira comment: with AI off does nothing; otherwise detects `/lakewarden ask …`, checks the
 * commenter may view the issue, loads the read-only context and posts the verified answer as an ADF comment
 * through the `IssueTracker` port. Refusals and failed answers (model error, budget, failed verification)
 * are logged, not answered on the issue. Throws when the permission check, the context or posting the
 * reply fails (the caller's inbox retries the delivery).
 */
export async function handleAskComment(
  comment: IncomingComment & { issueId: string },
  deps: HandleAskCommentDeps,
): Promise<AskOutcome> {
  if (deps.ai === undefined) return 'disabled';
  const parsed = await parseAskComment(comment, {
    askCommand: deps.ai.config.askCommand,
    botAccountId: deps.botAccountId,
    canViewIssue: deps.canViewIssue,
  });
  const log = { issueKey: comment.issueKey };
  if (parsed.kind === 'ignore') return 'ignored';
  if (parsed.kind === 'refuse') {
    deps.logger.warn({ ...log, reason: parsed.reason }, 'ask refused: the commenter may not view the issue');
    return 'refused';
  }
  const loaded = await deps.loadContext(comment.issueId);
  if (loaded === undefined) return 'not-ours';
  const answer = await answerQuestion(parsed.question, {
    model: deps.ai.model,
    context: { ...loaded, hashIdentifiers: deps.ai.config.hashIdentifiers, tokens: createIdentifierTokens() },
    maxToolCalls: deps.ai.config.maxToolCalls,
    maxAnswerMs: deps.ai.config.maxAnswerMs,
    nowMs: deps.nowMs,
    logger: deps.logger,
  });
  if (answer === undefined) {
    deps.logger.warn(log, 'ask not answered: no verified answer could be produced');
    return 'failed';
  }
  await deps.tracker.addComment(comment.issueId, answer.adf);
  return 'answered';
}
