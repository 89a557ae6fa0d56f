import { describe, expect, it } from 'vitest';
import { mayBeApproval, mayBeAsk, parseWebhook, type WebhookHint } from '../../../src/intake/parse-webhook.ts';

function comment(body: unknown, options: { event?: string; labels?: string[] | null } = {}): unknown {
  return {
    timestamp: 1_793_000_000_000,
    webhookEvent: options.event ?? 'comment_created',
    issue: {
      id: 10452,
      key: 'FIN-7',
      fields: options.labels === null ? {} : { labels: options.labels ?? ['lakewarden', 'lw-cost'] },
    },
    comment: { id: '10100', author: { accountId: 'acc-1' }, body },
  };
}

function hintOf(body: unknown): WebhookHint {
  const parsed = parseWebhook(body, 'jira-webhook');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.hint;
}

describe('comment_created deliveries', () => {
  it('reads the comment id, author and wiki-markup body, and the issue labels', () => {
    const hint = hintOf(comment('/lakewarden ask why?'));
    expect(hint.comment).toEqual({ id: '10100', authorAccountId: 'acc-1', text: '/lakewarden ask why?' });
    expect(hint.labels).toEqual(['lakewarden', 'lw-cost']);
    expect(mayBeApproval(hint)).toBe(false);
  });

  it('reads an ADF body as text', () => {
    const adf = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '/LakeWarden Ask what does it cost?' }] },
      ],
    };
    const hint = hintOf(comment(adf));
    expect(hint.comment?.text).toContain('/LakeWarden Ask what does it cost?');
    expect(mayBeAsk(hint, '/lakewarden ask')).toBe(true);
  });

  it('stores a question only with AI on, on a lakewarden issue, when a line starts with the command', () => {
    const ask = hintOf(comment('Context first\n  /lakewarden ask why?'));
    expect(mayBeAsk(ask, '/lakewarden ask')).toBe(true);
    expect(mayBeAsk(ask, undefined)).toBe(false);
    expect(mayBeAsk(hintOf(comment('please /lakewarden ask why?')), '/lakewarden ask')).toBe(false);
    expect(mayBeAsk(hintOf(comment('/lakewarden ask why?', { labels: ['other'] })), '/lakewarden ask')).toBe(false);
    expect(mayBeAsk(hintOf(comment('/lakewarden ask why?', { labels: null })), '/lakewarden ask')).toBe(true);
  });

  it('keeps a comment carried by another event out of the ask path', () => {
    const hint = hintOf(comment('/lakewarden ask why?', { event: 'jira:issue_updated' }));
    expect(hint.comment).toBeUndefined();
    expect(mayBeAsk(hint, '/lakewarden ask')).toBe(false);
  });
});
