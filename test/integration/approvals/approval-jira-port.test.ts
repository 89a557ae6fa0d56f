import { describe, expect, it } from 'vitest';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import { createFakeIssue } from '../../support/fake-jira/issue-writes.ts';
import { createFakeJira, FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';

function setup() {
  const jira = createFakeJira({ apiToken: 'port-token', projectKey: 'FIN' });
  server.use(...jira.handlers);
  const context = {
    client: createJiraClient({
      baseUrl: jira.baseUrl,
      email: 'lakewarden-bot@example.com',
      apiToken: 'port-token',
      onSchemaMismatch: 'throw',
    }),
    retry: { maxRetries: 2, sleep: async () => undefined, random: () => 0.5 },
  };
  const tracker = createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) });
  return { jira, port: tracker };
}

function newIssue(jira: ReturnType<typeof setup>['jira']) {
  const outcome = createFakeIssue(
    jira.state,
    {
      fields: {
        project: { key: 'FIN' },
        issuetype: { name: 'Task' },
        summary: 'idle warehouse',
        labels: ['lakewarden'],
      },
      properties: [{ key: 'lakewarden', value: { fingerprint: '0123456789abcdef', plan: { strategy: 'x' } } }],
    },
    FAKE_BOT_ACCOUNT_ID,
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.issue;
}

describe('ApprovalTracker over jira.js (fake Jira)', () => {
  it('reads every changelog page (250 entries), the lakewarden property and display names', async () => {
    const { jira, port } = setup();
    const target = newIssue(jira);
    expect(target.properties.lakewarden).toEqual({ fingerprint: '0123456789abcdef', plan: { strategy: 'x' } });
    for (let i = 0; i < 125; i++) {
      jira.transitionAs(target.key, FAKE_OWNER_ACCOUNT_ID, 'Approved');
      jira.transitionAs(target.key, FAKE_OWNER_ACCOUNT_ID, 'To Do');
    }
    jira.transitionAs(target.key, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    const fetched = await port.getIssueWithChangelog(target.id);
    expect(fetched.changelog.length).toBe(target.changelog.length);
    expect(fetched.changelog.length).toBeGreaterThan(250);
    expect(fetched.changelog.at(-1)).toMatchObject({
      id: target.changelog.at(-1)?.id,
      author: { accountId: FAKE_OWNER_ACCOUNT_ID, displayName: 'Dana Owner' },
    });
    expect(fetched.status.name).toBe('Approved');
    expect(fetched.property).toEqual(target.properties.lakewarden);
    const changelogReads = jira.calls().filter((c) => c.path.endsWith('/changelog'));
    expect(changelogReads.length).toBeGreaterThanOrEqual(3);
  });

  it('returns group ids (never names), finds a comment by marker across pages, and transitions by status name', async () => {
    const { jira, port } = setup();
    const issue = newIssue(jira);
    expect(await port.getUserGroups(FAKE_OWNER_ACCOUNT_ID)).toEqual([
      'a1b2c3d4-0000-4000-8000-000000000001',
      'a1b2c3d4-0000-4000-8000-000000000002',
    ]);
    for (let i = 0; i < 120; i++) {
      await port.addComment(issue.id, {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `note ${i}` }] }],
      });
    }
    await port.addComment(issue.id, {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'lakewarden-ref:abc' }] }],
    });
    expect(await port.hasCommentWith(issue.id, 'lakewarden-ref:abc')).toBe(true);
    expect(await port.hasCommentWith(issue.id, 'lakewarden-ref:other')).toBe(false);
    jira.transitionAs(issue.key, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    await port.ensureStatus(issue.id, 'Done');
    expect(jira.state.issues[0]?.statusName).toBe('Done');
    await port.ensureStatus(issue.id, 'Done'); // already there: no error
    await expect(port.ensureStatus(issue.id, 'Remediation Failed')).rejects.toThrow(/no transition/);
  });
});
