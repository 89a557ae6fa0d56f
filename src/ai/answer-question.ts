import type { AdfDoc } from '../document/adf.ts';
import { type AiLogger, failureReason } from '../logging/ai-logger.ts';
import { AiRefusal } from './ai-refusal.ts';
import { askPromptFor } from './ask-prompts.ts';
import { citeFigures, type FigureSource } from './cite-figures.ts';
import type { LanguageModel, ModelMessage, ModelPart } from './language-model.ts';
import { minimizeFinding } from './minimize-finding.ts';
import { renderAnswer } from './render-answer.ts';
import type { AskContext } from './tools/ask-context.ts';
import type { AskTool } from './tools/ask-tool.ts';
import { toolsFor } from './tools/tool-sets.ts';
import { verifyText } from './verify-analysis.ts';

export interface AnswerQuestionDeps {
  /** The audited, budgeted model. */
  model: LanguageModel;
  context: AskContext;
  /** Most tool calls in one answer (config `ai.maxToolCalls`). */
  maxToolCalls: number;
  /** Wall-clock budget of the whole answer, ms (config `ai.maxAnswerMs`). */
  maxAnswerMs: number;
  /** Most model calls (steps) in one answer (config `ai.maxSteps`; default: tool calls + 2). */
  maxSteps?: number;
  /** Most input + output tokens over all model calls of one answer, as the service reports them (config `ai.maxTokensPerAnswer`). */
  maxTokens?: number;
  /** Monotonic-enough clock in ms (injected). */
  nowMs: () => number;
  logger: AiLogger;
}

/** The outcome of one answer: the ADF reply, and what was used (for logs and the eval). */
export interface Answer {
  adf: AdfDoc;
  text: string;
  toolCalls: string[];
}

/**
 * Why no answer was produced: the daily budget was spent (`budget`), the whole answer ran past
 * `ai.maxAnswerMs` (`deadline`), it needed more model calls or tokens than `ai.maxSteps` /
 * `ai.maxTokensPerAnswer` allow (`limit`), the model endpoint failed or timed out (`unavailable`), or the
 * model's text was empty or did not pass verification (`unverified`).
 */
export type AnswerFailure = 'budget' | 'deadline' | 'limit' | 'unavailable' | 'unverified';

/** An answer, or the reason there is none. */
export type AnswerResult = { ok: true; answer: Answer } | { ok: false; reason: AnswerFailure };

/** Maps a thrown error of the model loop to the reason shown to the asker. */
function failureOf(error: unknown): AnswerFailure {
  if (error instanceof AiRefusal)
    return error.reason === 'budget' ? 'budget' : error.reason === 'limit' ? 'limit' : 'deadline';
  return 'unavailable';
}

/**
 * Answers a `/lakewarden ask` question about one finding with an agent loop: the model sees the minimized
 * finding and may call the read-only, metadata-only tools of the finding's category (cost or reliability,
 * tools/tool-sets.ts). At most `maxToolCalls` tool calls (after that, tools are withheld so the model must
 * answer) and `maxAnswerMs` in total. The answer is verified against the finding and the tool results it
 * saw (no invented numbers, dates or resources) and its figures are cited with their source.
 *
 * Never throws: failures (timeout, budget, 5xx, invalid output, failed verification, deadline) are logged
 * and yield `{ ok: false, reason }`.
 */
export async function answerQuestion(question: string, deps: AnswerQuestionDeps): Promise<AnswerResult> {
  const { context } = deps;
  const log = { fingerprint: context.finding.fingerprint, ruleId: context.finding.ruleId };
  const started = deps.nowMs();
  const tools = toolsFor(context.finding.category);
  const byName = new Map(tools.map((t) => [t.declaration.name, t]));
  const minimized = minimizeFinding(context.finding, {
    hashIdentifiers: context.hashIdentifiers,
    tokens: context.tokens,
  });
  const sources: FigureSource[] = [{ name: 'finding', data: minimized }];
  const messages: ModelMessage[] = [
    {
      role: 'user',
      parts: [{ text: `Finding:\n${JSON.stringify(minimized)}\n\nQuestion: ${question}` }],
    },
  ];
  const used: string[] = [];
  const maxSteps = deps.maxSteps ?? deps.maxToolCalls + 2;
  let steps = 0;
  let tokens = 0;
  try {
    for (;;) {
      if (deps.nowMs() - started > deps.maxAnswerMs)
        throw new AiRefusal('deadline', `answer took longer than ${deps.maxAnswerMs} ms`);
      if (steps >= maxSteps) throw new AiRefusal('limit', `answer needed more than ${maxSteps} model calls`);
      if (deps.maxTokens !== undefined && tokens > deps.maxTokens)
        throw new AiRefusal('limit', `answer used ${tokens} tokens, more than ${deps.maxTokens}`);
      steps++;
      const toolsLeft = used.length < deps.maxToolCalls;
      const result = await deps.model.generate({
        purpose: 'ask',
        system: askPromptFor(context.finding.category),
        messages,
        ...(toolsLeft ? { functions: tools.map((t) => t.declaration) } : {}),
      });
      tokens += result.usage.inputTokens + result.usage.outputTokens;
      if (result.functionCalls.length > 0 && toolsLeft) {
        messages.push({ role: 'model', parts: result.functionCalls.map((functionCall) => ({ functionCall })) });
        const responses: ModelPart[] = [];
        for (const call of result.functionCalls) {
          const tool = byName.get(call.name);
          let response: Record<string, unknown>;
          if (used.length >= deps.maxToolCalls) response = { error: 'tool call limit reached; answer now' };
          else if (tool === undefined) response = { error: `unknown tool ${call.name}` };
          else {
            used.push(call.name);
            response = invokeTool(tool, call.args, context);
            sources.push({ name: call.name, data: response });
          }
          responses.push({
            functionResponse: { ...(call.id === undefined ? {} : { id: call.id }), name: call.name, response },
          });
        }
        messages.push({ role: 'user', parts: responses });
        continue;
      }
      const text = result.text?.trim();
      if (text === undefined || text === '') {
        deps.logger.warn({ ...log, reason: 'invalid-output' }, 'AI answer dropped: no text');
        return { ok: false, reason: 'unverified' };
      }
      const verdict = verifyText(
        text,
        { finding: minimized, extra: sources.slice(1).map((s) => s.data) },
        { checkFields: false },
      );
      if (!verdict.ok) {
        deps.logger.warn({ ...log, reason: verdict.reason }, 'AI answer dropped: failed verification');
        return { ok: false, reason: 'unverified' };
      }
      const citations = citeFigures(text, sources);
      deps.logger.info({ ...log, toolCalls: used }, 'AI answer written');
      return {
        ok: true,
        answer: {
          text,
          toolCalls: used,
          adf: renderAnswer({
            answer: text,
            citations,
            model: deps.model.model,
            toolCalls: used.length,
            originals: context.tokens.originals,
          }),
        },
      };
    }
  } catch (error) {
    deps.logger.warn({ ...log, reason: failureReason(error) }, 'AI answer skipped');
    return { ok: false, reason: failureOf(error) };
  }
}

/** Runs one read-only tool; a tool that throws answers with an error the model can read instead of failing the answer. */
function invokeTool(tool: AskTool, args: Record<string, unknown>, context: AskContext): Record<string, unknown> {
  try {
    return tool.invoke(args, context);
  } catch (error) {
    return { error: `tool ${tool.declaration.name} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
