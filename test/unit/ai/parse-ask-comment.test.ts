import { describe, expect, it } from 'vitest';
import { parseAskComment } from '../../../src/ai/parse-ask-comment.ts';
import type { AdfDoc } from '../../../src/document/adf.ts';

const options = (canView = true) => ({
  askCommand: '/lakewarden ask',
  botAccountId: 'bot-1',
  canViewIssue: async (accountId: string, issueKey: string) => canView && accountId === 'u-1' && issueKey === 'FIN-7',
});

const adf = (text: string): AdfDoc => ({
  type: 'doc',
  version: 1,
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Thanks!' }] },
    { type: 'paragraph', content: [{ type: 'text', text: text }] },
  ],
});

describe('parseAskComment', () => {
  it('finds the command in an ADF comment and returns the question', async () => {
    expect(
      await parseAskComment(
        { issueKey: 'FIN-7', authorAccountId: 'u-1', body: adf('/LakeWarden ask why is it idle?') },
        options(),
      ),
    ).toEqual({ kind: 'ask', question: 'why is it idle?' });
  });

  it('accepts plain text and multi-line questions', async () => {
    expect(
      await parseAskComment(
        { issueKey: 'FIN-7', authorAccountId: 'u-1', body: '/lakewarden ask\nwhat changed\nlast week?' },
        options(),
      ),
    ).toEqual({ kind: 'ask', question: 'what changed\nlast week?' });
  });

  it('ignores other comments, its own comments, look-alike commands and empty questions', async () => {
    const parse = (authorAccountId: string, body: string) =>
      parseAskComment({ issueKey: 'FIN-7', authorAccountId, body }, options());
    expect(await parse('u-1', 'looks fine')).toEqual({ kind: 'ignore', reason: 'not-a-command' });
    expect(await parse('bot-1', '/lakewarden ask x')).toEqual({ kind: 'ignore', reason: 'own-comment' });
    expect(await parse('u-1', '/lakewarden asking')).toEqual({ kind: 'ignore', reason: 'not-a-command' });
    expect(await parse('u-1', '/lakewarden ask   ')).toEqual({ kind: 'ignore', reason: 'empty-question' });
  });

  it('refuses when the commenter may not see the issue', async () => {
    expect(
      await parseAskComment({ issueKey: 'FIN-7', authorAccountId: 'u-2', body: '/lakewarden ask why?' }, options()),
    ).toEqual({ kind: 'refuse', reason: 'cannot-view-issue' });
  });
});
