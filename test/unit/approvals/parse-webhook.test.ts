import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mayBeApproval, parseWebhook } from '../../../src/intake/parse-webhook.ts';

const load = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/jira/${name}`, import.meta.url), 'utf8'));

describe('parseWebhook', () => {
  it('reads a Cloud "→ Approved" delivery: accountId actor, changelog id, status item', () => {
    const result = parseWebhook(load('webhook-cloud-issue-updated-status-approved.json'), 'jira-webhook');
    expect(result).toEqual({
      ok: true,
      hint: {
        source: 'jira-webhook',
        issueId: '10452',
        issueKey: 'FINOPS-17',
        actor: { accountId: '712020:5c1f9d3e-0b7a-4d1e-9a31-2f6d2b7c9e10', name: null, key: null },
        changelogId: '10871',
        statusChange: { from: '10001', fromName: 'To Do', to: '10100', toName: 'Approved' },
        transitionClaimed: false,
      },
    });
  });

  it('reads a Data Center delivery: name/key actor, no fieldId, detected by field === status', () => {
    const result = parseWebhook(load('webhook-dc-issue-updated-status-closed.json'), 'jira-webhook');
    expect(result.ok && result.hint.actor).toEqual({ accountId: null, name: 'admin', key: 'admin' });
    expect(result.ok && result.hint.statusChange?.toName).toBe('Closed');
  });

  it('does not see a status change in a resolution-only update, whatever issue_event_type_name says', () => {
    const result = parseWebhook(load('webhook-cloud-issue-updated-resolution-only.json'), 'jira-webhook');
    expect(result.ok && result.hint.statusChange).toBeNull();
    expect(result.ok && mayBeApproval(result.hint)).toBe(false);
  });

  it('finds the status item wherever it is in the items list', () => {
    const body = {
      issue: { id: 7 },
      changelog: {
        id: 99,
        items: [
          { field: 'resolution', from: null, fromString: null, to: '1', toString: 'Done' },
          { field: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'Approved' },
        ],
      },
    };
    const result = parseWebhook(body, 'jira-webhook');
    expect(result.ok && result.hint).toMatchObject({
      issueId: '7',
      changelogId: '99',
      statusChange: { toName: 'Approved' },
    });
  });

  it('reads Automation custom data with a numeric issue id', () => {
    const result = parseWebhook({ issueId: 10452, key: 'FINOPS-17', actor: 'acc-1' }, 'jira-automation');
    expect(result.ok && result.hint).toMatchObject({
      issueId: '10452',
      actor: { accountId: 'acc-1' },
      transitionClaimed: true,
      changelogId: null,
    });
  });

  it('reads Automation issue data in Automation format (issue at the root) and in Jira format', () => {
    const root = { self: 'x', id: 11111, key: 'SP-53', changelog: { histories: null }, fields: {} };
    expect(parseWebhook(root, 'jira-automation')).toMatchObject({
      ok: true,
      hint: { issueId: '11111', issueKey: 'SP-53' },
    });
    expect(parseWebhook({ issue: root }, 'jira-automation')).toMatchObject({ ok: true, hint: { issueId: '11111' } });
  });

  it.each([
    null,
    [],
    'text',
    42,
    {},
    { issue: {} },
    { issue: { id: '' } },
    { issue: { id: 1 }, changelog: { items: 'x' } },
  ])('rejects %j with a message instead of throwing', (body) => {
    const result = parseWebhook(body, 'jira-webhook');
    expect(result.ok).toBe(false);
  });
});
