import { describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../../src/errors.ts';
import { getIssueWithChangelog } from '../../../src/jira/get-issue-with-changelog.ts';
import { getUserGroups } from '../../../src/jira/get-user-groups.ts';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, draftFor } from './harness.ts';

describe('approval reads', () => {
  it('returns status, labels, people and the whole changelog across pages, authored by whoever moved the issue', async () => {
    const { tracker, fake, context } = createHarness();
    const [created] = await tracker.createIssues([draftFor('abcd')]);
    const id = created?.ok === true ? created.id : '';
    // 120 status changes by the owner (To Do ↔ Approved), then the bot marks it Done: 121 entries, two pages.
    for (let i = 0; i < 60; i += 1) {
      fake.transitionAs(id, FAKE_OWNER_ACCOUNT_ID, 'Approved');
      fake.transitionAs(id, FAKE_OWNER_ACCOUNT_ID, 'To Do');
    }
    fake.transitionAs(id, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    await expect(tracker.transitionTo(id, 'Done')).resolves.toBe(true);

    const issue = await getIssueWithChangelog(context, id);
    expect(issue).toMatchObject({
      id,
      key: 'FIN-1',
      status: 'Done',
      statusCategory: 'done',
      labels: expect.arrayContaining(['lw-fp-abcd']),
      assigneeAccountId: FAKE_OWNER_ACCOUNT_ID,
      reporterAccountId: FAKE_BOT_ACCOUNT_ID,
    });
    expect(issue.changelog).toHaveLength(122);
    const changelogCalls = fake.calls().filter((c) => c.path.endsWith('/changelog'));
    expect(changelogCalls.map((c) => c.query.startAt)).toEqual(['0', '100']);
    const approval = issue.changelog.at(-2);
    expect(approval).toMatchObject({
      authorAccountId: FAKE_OWNER_ACCOUNT_ID,
      items: [
        { field: 'status', fieldId: 'status', from: '10001', fromString: 'To Do', to: '10100', toString: 'Approved' },
      ],
    });
    expect(approval?.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(issue.changelog.at(-1)).toMatchObject({
      authorAccountId: FAKE_BOT_ACCOUNT_ID,
      items: [{ toString: 'Done' }],
    });
  });

  it('reads user groups by accountId and fails with ExternalServiceError (404) for an unknown account', async () => {
    const { context } = createHarness();
    await expect(getUserGroups(context, FAKE_OWNER_ACCOUNT_ID)).resolves.toEqual([
      { name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' },
      { name: 'finops-approvers', groupId: 'a1b2c3d4-0000-4000-8000-000000000002' },
    ]);
    const error = await getUserGroups(context, 'no-such-account').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as ExternalServiceError).status).toBe(404);
  });

  it('a deleted issue is a 404 ExternalServiceError', async () => {
    const { context } = createHarness();
    await expect(getIssueWithChangelog(context, '424242')).rejects.toMatchObject({
      name: 'ExternalServiceError',
      status: 404,
    });
  });
});
