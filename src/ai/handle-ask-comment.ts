import type { AskAnswerer, AskAnswererDeps, IncomingComment } from '../findings/ai-port.ts';
import { answerQuestion } from './answer-question.ts';
import type { AiServices } from './create-ai-services.ts';
import { createIdentifierTokens } from './identifier-tokens.ts';
import { parseAskComment } from './parse-ask-comment.ts';
import { type AskUnavailableReason, renderAskUnavailable } from './render-ask-unavailable.ts';

export interface HandleAskCommentDeps extends AskAnswererDeps {
  /** Undefined when AI is off: the asker gets the "AI is off" reply, no model call is made. */
  ai: AiServices | undefined;
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

/**
 * The {@link AskAnswerer} over the AI services (undefined when AI is off): the context is completed with the last
 * scan's data (lakewarden's own rows, never read from Jira) before the question is answered.
 */
export function createAskAnswerer(ai: AiServices | undefined): AskAnswerer {
  return (comment, deps) =>
    handleAskComment(comment, {
      ...deps,
      ai,
      loadContext: async (issueId) => {
        const context = await deps.loadContext(issueId);
        if (context === undefined || ai === undefined) return context;
        const data = await ai.askData.load(context.finding.resource);
        return { ...context, snapshot: data.snapshot, findings: data.findings };
      },
    });
}
