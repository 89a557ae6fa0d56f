import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/ai/answer-question.ts';
import { listAuditRows } from '../../../src/ai/audit.ts';
import { createIdentifierTokens } from '../../../src/ai/identifier-tokens.ts';
import type { AskContext } from '../../../src/ai/tools/ask-context.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

function createContext(withSnapshot = true): AskContext {
  const warehouse = buildWarehouse({
    name: 'acme-finance-bi',
    series: { costUsd: [101.5, 98.25, 112, 97.4] },
  });
  return {
    finding: buildWarehouseFinding(),
    snapshot: withSnapshot ? buildSnapshot([warehouse]) : undefined,
    findings: [],
    hashIdentifiers: true,
    tokens: createIdentifierTokens(),
  };
}

async function setUp(config: { maxToolCalls?: number } = {}) {
  const db = await openAiDatabase();
  const ai = createTestAiServices(db);
  if (ai === undefined) throw new Error('AI services expected');
  const logger = createMemoryLogger();
  const deps = (context: AskContext) => ({
    model: ai.model,
    context,
    maxToolCalls: config.maxToolCalls ?? 4,
    maxAnswerMs: 60_000,
    nowMs: () => 0,
    logger,
  });
  return { db, logger, deps };
}

describe('/lakewarden ask answered through read-only tools (Vertex AI mocked with msw)', () => {
  it('answers a cost question through two tool calls and cites the figures it used', async () => {
    const { db, deps } = await setUp();
    const seen = useFakeVertex([
      { functionCalls: [{ name: 'get_cost_by_day', args: { days: 2 } }] },
      { functionCalls: [{ name: 'get_query_statistics', args: {} }] },
      {
        text: 'The warehouse cost $112.00 on 2026-10-30 and $97.40 on 2026-10-31 while it ran 5,000 queries in the window.\n\nStopping after 10 idle minutes saves an estimated $1,290.24 per month.',
      },
    ]);
    const result = await answerQuestion('Why does this warehouse cost so much?', deps(createContext()));
    const answer = result.ok ? result.answer : undefined;
    expect(answer?.toolCalls).toEqual(['get_cost_by_day', 'get_query_statistics']);

    const tools = seen.bodies[0]?.tools as Array<{ functionDeclarations: Array<{ name: string }> }> | undefined;
    const declared = tools?.[0];
    expect(declared?.functionDeclarations.map((d) => d.name)).toEqual([
      'get_finding',
      'get_resource_config',
      'get_cost_by_day',
      'get_query_statistics',
      'get_related_findings',
    ]);
    const secondTurns = JSON.stringify(seen.bodies[1]?.contents);
    expect(secondTurns).toContain('"functionResponse"');
    expect(secondTurns).toContain('{"date":"2026-10-30","costUsd":112}');
    expect(JSON.stringify(seen.bodies[2]?.contents)).toContain('"queryCount":5000');
    for (const body of seen.bodies) {
      expect(JSON.stringify(body)).not.toContain('acme-finance-bi');
      expect(JSON.stringify(body)).not.toContain('ana@acme.example');
    }

    const adf = JSON.stringify(answer?.adf);
    expect(adf).toContain('AI-written answer — verify before acting');
    expect(adf).toContain('$112.00 — ');
    expect(adf).toContain('get_cost_by_day: days[0].costUsd');
    expect(adf).toContain('get_query_statistics: queryCount');
    expect(adf).toContain('finding: estimate.usdPerMonth');
    expect(await listAuditRows(db)).toHaveLength(3);
  });

  it('withholds tools once maxToolCalls is reached so the model must answer', async () => {
    const { deps } = await setUp({ maxToolCalls: 1 });
    const seen = useFakeVertex([
      { functionCalls: [{ name: 'get_cost_by_day', args: { days: 1 } }] },
      { text: 'On 2026-10-31 it cost $97.40.' },
    ]);
    const result = await answerQuestion('What did it cost yesterday?', deps(createContext()));
    const answer = result.ok ? result.answer : undefined;
    expect(answer?.toolCalls).toEqual(['get_cost_by_day']);
    expect(seen.bodies[1]?.tools).toBeUndefined();
  });

  it('tells the model when data is not available instead of inventing it', async () => {
    const { deps } = await setUp();
    const seen = useFakeVertex([
      { functionCalls: [{ name: 'get_cost_by_day', args: {} }] },
      { text: 'Daily cost is not available for this resource.' },
    ]);
    const result = await answerQuestion('Daily cost?', deps(createContext(false)));
    const answer = result.ok ? result.answer : undefined;
    expect(JSON.stringify(seen.bodies[1]?.contents)).toContain('"available":false');
    expect(answer?.text).toBe('Daily cost is not available for this resource.');
  });

  it('drops an answer with a figure that is in no tool result and never throws on failures', async () => {
    const { deps, logger } = await setUp();
    useFakeVertex([{ text: 'It costs $4,200.00 per month.' }, { status: 500 }, { status: 500 }, { status: 500 }]);
    expect(await answerQuestion('How much?', deps(createContext()))).toEqual({ ok: false, reason: 'unverified' });
    expect(await answerQuestion('How much?', deps(createContext()))).toEqual({ ok: false, reason: 'unavailable' });
    expect(logger.lines.map((l) => l.object.reason)).toEqual([
      expect.stringContaining('"$4,200.00"'),
      expect.stringContaining('HTTP 500'),
    ]);
  });
});
