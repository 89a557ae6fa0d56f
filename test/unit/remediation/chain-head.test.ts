import { describe, expect, it } from 'vitest';
import { chainHeadMarker, comparePublishedHeads, parseChainHeads } from '../../../src/remediation/chain-head.ts';

const h = (c: string) => c.repeat(64);

describe('chain heads published in Jira', () => {
  it('round-trips the marker and finds every marker in a serialized comment body', () => {
    const marker = chainHeadMarker({ seq: 12, hash: h('a') });
    expect(marker).toBe(`lakewarden-chain:12:${h('a')}`);
    const body = JSON.stringify({
      content: [{ text: `Chain head: ${marker}` }, { text: chainHeadMarker({ seq: 3, hash: h('b') }) }],
    });
    expect(parseChainHeads(body)).toEqual([
      { seq: 12, hash: h('a') },
      { seq: 3, hash: h('b') },
    ]);
    expect(parseChainHeads('lakewarden-chain:12:nothex')).toEqual([]);
  });

  it('accepts heads the local history holds, and names the newest head that is missing or different', () => {
    const local = new Map([
      [1, h('1')],
      [2, h('2')],
      [3, h('3')],
    ]);
    const lookup = (seq: number) => local.get(seq);
    const heads = [
      { seq: 2, hash: h('2'), issueKey: 'FIN-1' },
      { seq: 3, hash: h('3'), issueKey: 'FIN-2' },
    ];
    expect(comparePublishedHeads(heads, lookup, 3)).toEqual({ ok: true, checked: 2, newest: heads[1] });
    expect(comparePublishedHeads([], lookup, 3)).toEqual({ ok: true, checked: 0, newest: undefined });
    const truncated = [...heads, { seq: 5, hash: h('5'), issueKey: 'FIN-3' }];
    expect(comparePublishedHeads(truncated, lookup, 3)).toMatchObject({
      ok: false,
      reason: 'missing',
      head: { seq: 5 },
    });
    const rewritten = [{ seq: 2, hash: h('f'), issueKey: 'FIN-1' }];
    expect(comparePublishedHeads(rewritten, lookup, 3)).toMatchObject({
      ok: false,
      reason: 'different',
      head: { seq: 2 },
    });
  });
});
