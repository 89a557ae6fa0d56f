import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/ai/answer-question.ts';
import { callsOnDay, withCallBudget } from '../../../src/ai/call-budget.ts';
import { createIdentifierTokens } from '../../../src/ai/identifier-tokens.ts';
import type { GenerateRequest, GenerateResult, LanguageModel } from '../../../src/ai/language-model.ts';
import type { AskContext } from '../../../src/ai/tools/ask-context.ts';
import { createMemoryLogger, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

/** A scripted model: returns the given results in order and keeps every request (no network, no SDK). */
function scriptedModel(results: GenerateResult[]): LanguageModel & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    model: 'scripted',
    endpoint: 'scripted:',
    region: 'local',
    requests,
    async generate(request) {
      requests.push(request);
      const next = results[requests.length - 1];
      if (next === undefined) throw new Error('unscripted call');
      return next;
    },
  };
}

const call = (name: string, args: Record<string, unknown> = {}, tokens = 10): GenerateResult => ({
  text: undefined,
  functionCalls: [{ name, args }],
  usage: { inputTokens: tokens, outputTokens: 0 },
});
const text = (value: string): GenerateResult => ({
  text: value,
  functionCalls: [],
  usage: { inputTokens: 5, outputTokens: 5 },
});

function context(): AskContext {
  return {
    finding: buildWarehouseFinding(),
    snapshot: buildSnapshot([buildWarehouse({ name: 'acme-finance-bi', series: { costUsd: [101.5, 98.25] } })]),
    findings: [],
    hashIdentifiers: true,
    tokens: createIdentifierTokens(),
  };
}

function deps(model: LanguageModel, limits: { maxToolCalls?: number; maxSteps?: number; maxTokens?: number } = {}) {
  return {
    model,
    context: context(),
    maxToolCalls: limits.maxToolCalls ?? 6,
    maxAnswerMs: 60_000,
    ...(limits.maxSteps === undefined ? {} : { maxSteps: limits.maxSteps }),
    ...(limits.maxTokens === undefined ? {} : { maxTokens: limits.maxTokens }),
    nowMs: () => 0,
    logger: createMemoryLogger(),
  };
}

describe('the /lakewarden ask agent loop with a scripted model', () => {
  it('hands a tool error to the model as a result (unknown tool, invalid arguments) and still answers', async () => {
    const model = scriptedModel([
      call('drop_table'),
      call('get_cost_by_day', { days: 'seven' }),
      text('Daily cost is not available from that lookup.'),
    ]);
    const result = await answerQuestion('What does it cost?', deps(model));
    expect(result.ok).toBe(true);
    const results = JSON.stringify(model.requests[2]?.messages);
    expect(results).toContain('unknown tool drop_table');
    expect(results).toContain('invalid arguments');
  });

  it('stops at the step limit: a model that keeps calling tools gets no answer posted (reason limit)', async () => {
    const model = scriptedModel(Array.from({ length: 10 }, () => call('get_finding')));
    const result = await answerQuestion('Why?', deps(model, { maxToolCalls: 20, maxSteps: 3 }));
    expect(result).toEqual({ ok: false, reason: 'limit' });
    expect(model.requests).toHaveLength(3);
  });

  it('withholds tools after maxToolCalls so the model must answer', async () => {
    const model = scriptedModel([call('get_finding'), text('The estimate is $1,290.24 per month.')]);
    const result = await answerQuestion('Why?', deps(model, { maxToolCalls: 1 }));
    expect(result.ok).toBe(true);
    expect(model.requests[1]?.functions).toBeUndefined();
  });

  it('stops when the daily call budget runs out in the middle of an answer (reason budget), without calling the model again', async () => {
    const db = await openAiDatabase();
    const at = new Date('2026-12-07T10:00:00Z');
    const scripted = scriptedModel([call('get_finding'), call('get_cost_by_day'), text('not reached')]);
    const model = withCallBudget(scripted, db, 2, () => at);
    const result = await answerQuestion('Why?', deps(model));
    expect(result).toEqual({ ok: false, reason: 'budget' });
    expect(scripted.requests).toHaveLength(2);
    expect(await callsOnDay(db, at)).toBe(2);
  });

  it('stops when the answer used more tokens than its budget (reason limit)', async () => {
    const model = scriptedModel([call('get_finding', {}, 900), call('get_cost_by_day', {}, 900), text('ok')]);
    const result = await answerQuestion('Why?', deps(model, { maxTokens: 1000 }));
    expect(result).toEqual({ ok: false, reason: 'limit' });
    expect(model.requests).toHaveLength(2);
  });
});
