import { describe, expect, it } from 'vitest';
import { handleAskComment } from '../../../src/ai/handle-ask-comment.ts';
import type { AdfDoc } from '../../../src/tickets/adf.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

async function setUp(enabled = true) {
  const db = await openAiDatabase();
  const comments: Array<{ id: string; body: AdfDoc }> = [];
  const deps = {
    ai: createTestAiServices(db, { enabled }),
    tracker: {
      addComment: async (id: string, body: AdfDoc) => {
        comments.push({ id, body });
      },
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

  it('posts nothing and logs a warning when the model fails', async () => {
    const { comments, deps } = await setUp();
    useFakeVertex([{ status: 400 }]);
    expect(await handleAskComment(comment('owner-1'), deps)).toBe('failed');
    expect(comments).toEqual([]);
    expect(deps.logger.lines.map((l) => l.message)).toContain('ask not answered: no verified answer could be produced');
  });

  it('refuses a commenter who may not view the issue, ignores other comments, and does nothing with AI off', async () => {
    const { comments, deps } = await setUp();
    expect(await handleAskComment(comment('stranger'), deps)).toBe('refused');
    expect(await handleAskComment(comment('owner-1', 'thanks'), deps)).toBe('ignored');
    const off = await setUp(false);
    expect(await handleAskComment(comment('owner-1'), off.deps)).toBe('disabled');
    expect([...comments, ...off.comments]).toEqual([]);
  });
});
