import { describe, expect, it } from 'vitest';
import { handleAskComment } from '../../../src/ai/handle-ask-comment.ts';
import type { AdfDoc } from '../../../src/document/adf.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

async function setUp(enabled = true) {
  const db = await openAiDatabase();
  const comments: Array<{ id: string; body: AdfDoc }> = [];
  const told = new Set<string>();
  const deps = {
    ai: createTestAiServices(db, { enabled }),
    askCommand: '/lakewarden ask',
    reply: async (id: string, body: AdfDoc) => {
      comments.push({ id, body });
    },
    mayTellUnavailable: async (id: string) => !told.has(id),
    replyUnavailable: async (id: string, body: AdfDoc) => {
      told.add(id);
      comments.push({ id, body });
    },
    botAccountId: 'bot-1',
    canViewIssue: async (accountId: string) => accountId === 'owner-1',
    loadContext: async (issueId: string) =>
      issueId === '10001' ? { finding: buildWarehouseFinding(), snapshot: undefined, findings: [] } : undefined,
    nowMs: () => 0,
    logger: createMemoryLogger(),
  };
  return { comments, deps };
}

const comment = (authorAccountId: string, body = '/lakewarden ask what does it cost per month?') => ({
  issueId: '10001',
  issueKey: 'FIN-7',
  authorAccountId,
  body,
});

describe('handleAskComment', () => {
  it('answers on the issue with an ADF comment', async () => {
    const { comments, deps } = await setUp();
    useFakeVertex([{ text: 'The estimate is $1,290.24 per month.' }]);
    expect(await handleAskComment(comment('owner-1'), deps)).toBe('answered');
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe('10001');
    expect(JSON.stringify(comments[0]?.body)).toContain('finding: estimate.usdPerMonth');
  });

  it('tells the asker once that the model did not answer, and logs a warning', async () => {
    const { comments, deps } = await setUp();
    useFakeVertex([{ status: 400 }, { status: 400 }]);
    expect(await handleAskComment(comment('owner-1'), deps)).toBe('unavailable');
    expect(comments).toHaveLength(1);
    expect(JSON.stringify(comments[0]?.body)).toContain('The model endpoint did not answer');
    expect(deps.logger.lines.map((l) => l.message)).toContain('ask not answered: no verified answer could be produced');
    expect(await handleAskComment(comment('owner-1'), deps)).toBe('rate-limited');
    expect(comments).toHaveLength(1);
  });

  it('tells the asker when the daily budget is spent, without calling the model', async () => {
    const db = await openAiDatabase();
    const { comments, deps } = await setUp();
    const spent = { ...deps, ai: createTestAiServices(db, { maxCallsPerDay: 0 }) };
    const vertex = useFakeVertex([{ text: 'must not be asked' }]);
    expect(await handleAskComment(comment('owner-1'), spent)).toBe('budget');
    expect(vertex.bodies).toHaveLength(0);
    expect(JSON.stringify(comments[0]?.body)).toContain('ai.maxCallsPerDay');
  });

  it('refuses a commenter who may not view the issue, ignores other comments, and with AI off says so', async () => {
    const { comments, deps } = await setUp();
    expect(await handleAskComment(comment('stranger'), deps)).toBe('refused');
    expect(await handleAskComment(comment('owner-1', 'thanks'), deps)).toBe('ignored');
    expect(comments).toEqual([]);
    const off = await setUp(false);
    const vertex = useFakeVertex([{ text: 'must not be asked' }]);
    expect(await handleAskComment(comment('owner-1'), off.deps)).toBe('disabled');
    expect(off.comments).toHaveLength(1);
    expect(JSON.stringify(off.comments[0]?.body)).toContain('ai.enabled: false');
    expect(vertex.bodies).toHaveLength(0);
  });
});
