import { describe, expect, it } from 'vitest';
import { commentMarker, relayOutboxOnce } from '../../../src/approvals/outbox-relay.ts';
import type { OutboxMessageRef, OutboxQueuePort } from '../../../src/intake/queue-ports.ts';

const NOW = new Date('2026-09-26T11:00:00Z');
const silent = { info: () => undefined, warn: () => undefined };

function setup(messages: OutboxMessageRef[]) {
  const marks: string[] = [];
  const queue: OutboxQueuePort = {
    claimDue: async () => messages,
    markSent: async (id) => {
      marks.push(`sent ${id}`);
    },
    markFailed: async (id, error, retryAt) => {
      marks.push(`failed ${id} ${retryAt === null ? 'give-up' : retryAt.toISOString()}: ${error}`);
    },
  };
  const posted: Array<{ issueId: string; body: unknown }> = [];
  const moved: string[] = [];
  const jira = {
    failComment: false,
    addComment: async (issueId: string, body: unknown) => {
      if (jira.failComment) throw new Error('Jira 503 for token sekret-token-123');
      posted.push({ issueId, body });
    },
    ensureStatus: async (issueId: string, status: string) => {
      moved.push(`${issueId} → ${status}`);
    },
    hasCommentWith: async (issueId: string, marker: string) =>
      posted.some((p) => p.issueId === issueId && JSON.stringify(p.body).includes(marker)),
  };
  const deps = {
    queue,
    jira,
    scrub: (t: string) => t.replaceAll('sekret-token-123', '[REDACTED]'),
    now: () => NOW,
    random: () => 0.5,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    maxAttempts: 3,
    log: silent,
  };
  return { deps, marks, posted, moved, jira };
}

const comment = (attempts = 1): OutboxMessageRef => ({
  id: 'o1',
  actionId: 'a1',
  kind: 'comment',
  issueId: 'I1',
  payload: {
    body: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'token sekret-token-123 leaked' }] }],
    },
  },
  dedupeKey: 'a1:comment:verified',
  attempts,
});

describe('relayOutboxOnce', () => {
  it('posts a comment with its marker and scrubbed text, then skips it when sent again', async () => {
    const { deps, marks, posted } = setup([comment()]);
    expect(await relayOutboxOnce(deps)).toBe(1);
    expect(posted).toHaveLength(1);
    const text = JSON.stringify(posted[0]?.body);
    expect(text).toContain(commentMarker('a1:comment:verified'));
    expect(text).not.toContain('sekret-token-123');
    expect(await relayOutboxOnce(deps)).toBe(1);
    expect(posted).toHaveLength(1);
    expect(marks).toEqual(['sent o1', 'sent o1']);
  });

  it('moves the issue to the status of a transition message', async () => {
    const { deps, moved } = setup([
      {
        id: 'o2',
        actionId: 'a1',
        kind: 'transition',
        issueId: 'I1',
        payload: { status: 'Done' },
        dedupeKey: 'k',
        attempts: 1,
      },
    ]);
    await relayOutboxOnce(deps);
    expect(moved).toEqual(['I1 → Done']);
  });

  it('retries a failed send with backoff (scrubbed error) and gives up after maxAttempts', async () => {
    const first = setup([comment(2)]);
    first.jira.failComment = true;
    expect(await relayOutboxOnce(first.deps)).toBe(0);
    expect(first.marks).toEqual(['failed o1 2026-09-26T11:00:01.000Z: Jira 503 for token [REDACTED]']);
    const last = setup([comment(3)]);
    last.jira.failComment = true;
    await relayOutboxOnce(last.deps);
    expect(last.marks[0]).toMatch(/^failed o1 give-up:/);
  });
});
