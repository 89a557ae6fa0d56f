import { describe, expect, it } from 'vitest';
import type { AdfNode, AdfText } from '../../../src/document/adf.ts';
import { renderEvidence, renderNotice } from '../../../src/remediation/render-evidence.ts';
import { queuedAction } from '../../support/remediation-harness.ts';

function texts(node: AdfNode | AdfText): string[] {
  if (!('content' in node) || node.content === undefined) return node.type === 'text' ? [node.text ?? ''] : [];
  return node.content.flatMap(texts);
}

describe('renderEvidence', () => {
  const action = queuedAction({
    state: 'verified',
    attempts: 1,
    previousValue: { auto_stop_mins: 120 },
    observedValue: { auto_stop_mins: 10 },
  });
  const doc = renderEvidence({ kind: 'verified', action, historyHash: 'ab'.repeat(32), historySeq: 7 });
  const all = doc.content.flatMap(texts);

  it('shows plan, approver and approval time from the changelog, before/after read back, action id and history hash', () => {
    const joined = all.join(' ');
    expect(joined).toContain('warehouse-auto-stop');
    expect(joined).toContain('Dana Owner');
    expect(joined).toContain('2026-09-26T10:41:02.015+0000');
    expect(joined).toContain('changelog 10871');
    expect(joined).toContain(action.id);
    expect(joined).toContain('ab'.repeat(32));
    // The chain head (seq + hash) that `actions verify --against-jira` compares with the local history.
    expect(joined).toContain(`lakewarden-chain:7:${'ab'.repeat(32)}`);
    const table = doc.content.find((n) => n.type === 'table');
    expect(table?.content?.[1] && texts(table.content[1])).toEqual(['auto_stop_mins', '120', '10', '120', '10']);
  });

  it('produces valid ADF basics: version 1 and no empty text nodes', () => {
    expect(doc).toMatchObject({ type: 'doc', version: 1 });
    expect(all.every((t) => t.length > 0)).toBe(true);
  });

  it('states a failure or refusal in plain words', () => {
    const failed = renderEvidence({
      kind: 'refused',
      action: { ...action, state: 'refused', reason: 'kill_switch' },
      historyHash: 'h',
      historySeq: 1,
      message: 'The lakewarden kill switch is on.',
    });
    expect(failed.content.flatMap(texts).join(' ')).toMatch(
      /did not make the change\. The lakewarden kill switch is on\./,
    );
    expect(renderNotice('Too old.', 'Approve again.').content.flatMap(texts)).toEqual([
      'lakewarden did not make the change.',
      'Too old.',
      'Approve again.',
    ]);
  });
});
