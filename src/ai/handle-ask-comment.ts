import type { AdfDoc } from '../document/adf.ts';
import type { Finding } from '../findings/finding.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { AiLogger } from './ai-logger.ts';
import { answerQuestion } from './answer-question.ts';
import type { AiServices } from './create-ai-services.ts';
import { createIdentifierTokens } from './identifier-tokens.ts';
import { type IncomingComment, parseAskComment } from './parse-ask-comment.ts';
import { type AskUnavailableReason, renderAskUnavailable } from './render-ask-unavailable.ts';

export interface HandleAskCommentDeps {
  /** Undefined when AI is off: the asker gets the "AI is off" reply, no model call is made. */
  ai: AiServices | undefined;
  /** The command prefix (`ai.askCommand`), read even when AI is off so the asker is told. */
  askCommand: string;
  /** Posts a reply on the issue (the caller adds the dedupe marker). */
  reply: (issueId: string, body: AdfDoc) => Promise<void>;
  /**
   * Whether an "unavailable" reply may be posted now on this issue (at most one per issue per UTC day, so a
   * burst of questions while the model is down or AI is off does not flood the issue).
   */
  mayTellUnavailable: (issueId: string) => Promise<boolean>;
  /** Posts the "unavailable" reply (the caller adds the per-issue rate-limit marker). */
  replyUnavailable: (issueId: string, body: AdfDoc) => Promise<void>;
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

/**
 * What became of one comment: `answered`; `disabled` or an answer failure (answer-question.ts) when no answer could be given
 * (the asker was told why, unless `rate-limited`); `ignored` (not a command), `refused` (may not view the issue),
 * `not-ours` (no lakewarden finding behind the issue).
 */
export type AskOutcome = 'ignored' | 'refused' | 'not-ours' | 'answered' | AskUnavailableReason | 'rate-limited';

/**
 * Handles one Jira comment: detects `/lakewarden ask …`, checks the commenter may view the issue, loads the
 * read-only context and posts the verified answer as an ADF comment. When AI is off, or the answer fails
 * (budget spent, deadline, model unavailable, unverified text), the asker gets one short reply saying so and
 * why — never silence — at most once per issue per UTC day. Throws when the permission check, the context or
 * posting a reply fails (the caller's inbox retries the delivery).
 */
export async function handleAskComment(
  comment: IncomingComment & { issueId: string },
  deps: HandleAskCommentDeps,
): Promise<AskOutcome> {
  const parsed = await parseAskComment(comment, {
    askCommand: deps.askCommand,
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
  if (deps.ai === undefined) return tellUnavailable(comment.issueId, 'disabled', deps, log);
  const result = await answerQuestion(parsed.question, {
    model: deps.ai.model,
    context: { ...loaded, hashIdentifiers: deps.ai.config.hashIdentifiers, tokens: createIdentifierTokens() },
    maxToolCalls: deps.ai.config.maxToolCalls,
    maxAnswerMs: deps.ai.config.maxAnswerMs,
    maxSteps: deps.ai.config.maxSteps,
    maxTokens: deps.ai.config.maxTokensPerAnswer,
    nowMs: deps.nowMs,
    logger: deps.logger,
  });
  if (!result.ok) {
    deps.logger.warn({ ...log, reason: result.reason }, 'ask not answered: no verified answer could be produced');
    return tellUnavailable(comment.issueId, result.reason, deps, log);
  }
  await deps.reply(comment.issueId, result.answer.adf);
  return 'answered';
}

async function tellUnavailable(
  issueId: string,
  reason: AskUnavailableReason,
  deps: HandleAskCommentDeps,
  log: Record<string, unknown>,
): Promise<AskOutcome> {
  if (!(await deps.mayTellUnavailable(issueId))) {
    deps.logger.info({ ...log, reason }, 'ask unavailable reply skipped: already told on this issue today');
    return 'rate-limited';
  }
  await deps.replyUnavailable(issueId, renderAskUnavailable(reason));
  return reason;
}
