import { describe, expect, it } from 'vitest';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID, FAKE_SAVINGS_FIELD } from '../../support/fake-jira.ts';
import { createHarness, draftFor, fingerprints } from './harness.ts';

describe('Jira issue tracker against the fake Jira', () => {
  it('whoAmI returns the bot account', async () => {
    const { tracker } = createHarness();
    await expect(tracker.whoAmI()).resolves.toEqual({ accountId: FAKE_BOT_ACCOUNT_ID, displayName: 'lakewarden' });
  });

  it('creates an issue that a later search by fingerprint finds, with status, hash and savings', async () => {
    const { tracker, fake } = createHarness();
    const [fp = ''] = fingerprints(1);
    const [created] = await tracker.createIssues([draftFor(fp)]);
    expect(created).toEqual({ fingerprint: fp, ok: true, id: expect.stringMatching(/^\d+$/), key: 'FIN-1' });

    const found = await tracker.findByFingerprints([fp], []);
    expect(found).toEqual([
      {
        id: created?.ok === true ? created.id : 'missing',
        key: 'FIN-1',
        status: 'To Do',
        statusCategory: 'new',
        labels: ['lakewarden', 'lw-rule-warehouse-auto-stop', `lw-fp-${fp}`, 'lw-cost'],
        fingerprint: fp,
        contentHash: `hash-${fp}-1`,
        estimatedSavingsUsd: 412.5,
        updated: expect.any(String),
      },
    ]);
    const stored = fake.state.issues[0];
    expect(stored?.assigneeAccountId).toBe(FAKE_OWNER_ACCOUNT_ID);
    expect(stored?.components).toEqual(['data-platform']);
    expect(stored?.customFields[FAKE_SAVINGS_FIELD]).toBe(412.5);
    const search = fake.calls().find((c) => c.path === '/rest/api/3/search/jql');
    expect(search?.body).toMatchObject({
      jql: `project = FIN AND labels in ("lw-fp-${fp}")`,
      fields: ['summary', 'status', 'labels', 'updated', FAKE_SAVINGS_FIELD],
      properties: ['lakewarden'],
    });
  });

  it('finds nothing for an unknown fingerprint and makes no call for none', async () => {
    const { tracker, fake } = createHarness();
    await tracker.createIssues([draftFor('aaaa')]);
    await expect(tracker.findByFingerprints(['bbbb'], [])).resolves.toEqual([]);
    const before = fake.calls().length;
    await expect(tracker.findByFingerprints([], [])).resolves.toEqual([]);
    expect(fake.calls()).toHaveLength(before);
  });

  it('bulk-creates 120 drafts in 3 calls of at most 50 and finds all of them in 2 bounded searches', async () => {
    const { tracker, fake } = createHarness({ searchMaxResults: 40 });
    const fps = fingerprints(120);
    const results = await tracker.createIssues(fps.map((fp) => draftFor(fp)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.fingerprint)).toEqual(fps);
    const bulkCalls = fake.writes().filter((c) => c.path === '/rest/api/3/issue/bulk');
    expect(bulkCalls.map((c) => (c.body as { issueUpdates: unknown[] }).issueUpdates.length)).toEqual([50, 50, 20]);
    expect(new Set(results.map((r) => (r.ok ? r.key : ''))).size).toBe(120);

    const found = await tracker.findByFingerprints(fps, []);
    expect(found.map((i) => i.fingerprint).sort()).toEqual([...fps].sort());
    const searches = fake.calls().filter((c) => c.path === '/rest/api/3/search/jql');
    // 100 labels → 3 pages of ≤ 40; 20 labels → 1 page.
    expect(searches).toHaveLength(4);
    expect(searches.filter((c) => (c.body as { nextPageToken?: string }).nextPageToken !== undefined)).toHaveLength(2);
  });

  it('maps per-element bulk errors to failed CreateResults and keeps the successes', async () => {
    const { tracker, fake } = createHarness();
    const [a = '', b = '', c = ''] = fingerprints(3);
    const results = await tracker.createIssues([
      draftFor(a),
      draftFor(b, { labels: ['lakewarden', 'bad label'] }),
      draftFor(c),
    ]);
    expect(results[0]).toMatchObject({ fingerprint: a, ok: true, key: 'FIN-1' });
    expect(results[1]).toEqual({
      fingerprint: b,
      ok: false,
      status: 400,
      error: "Jira refused to create the issue (400): labels: The label 'bad label' contains spaces which is invalid.",
    });
    expect(results[2]).toMatchObject({ fingerprint: c, ok: true, key: 'FIN-2' });
    expect(fake.state.issues).toHaveLength(2);
  });

  it('reports every element when Jira rejects the whole bulk request with 400', async () => {
    const { tracker } = createHarness();
    const results = await tracker.createIssues([draftFor('aaaa', { summary: '' })]);
    expect(results).toEqual([
      {
        fingerprint: 'aaaa',
        ok: false,
        status: 400,
        error: 'Jira refused to create the issue (400): summary: You must specify a summary of the issue.',
      },
    ]);
  });

  it('updateIssue changes fields and the lakewarden property (contentHash, savings)', async () => {
    const { tracker, fake } = createHarness();
    const [created] = await tracker.createIssues([draftFor('abcd')]);
    const id = created?.ok === true ? created.id : '';
    await tracker.updateIssue(
      id,
      draftFor('abcd', { summary: 'Now worse', contentHash: 'hash-abcd-2', estimatedSavingsUsd: 900 }),
    );
    const [issue] = await tracker.getIssues([id, '999999']);
    expect(issue).toMatchObject({ id, contentHash: 'hash-abcd-2', estimatedSavingsUsd: 900, fingerprint: 'abcd' });
    expect(fake.state.issues[0]?.summary).toBe('Now worse');
    expect(fake.state.issues[0]?.properties.lakewarden).toMatchObject({
      ruleId: 'warehouse-auto-stop',
      contentHash: 'hash-abcd-2',
    });
    expect(fake.writes().map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /rest/api/3/issue/bulk',
      `PUT /rest/api/3/issue/${id}`,
      `PUT /rest/api/3/issue/${id}/properties/lakewarden`,
      'POST /rest/api/3/issue/bulkfetch',
    ]);
  });

  it('transitionTo sends the resolution a transition screen requires, and retries without one Jira refuses', async () => {
    const { tracker, fake } = createHarness({ resolutions: { 'Remediation Failed': "Won't Do" } });
    const [first, second] = await tracker.createIssues([draftFor('ab01'), draftFor('ab02')]);
    const doneId = first?.ok === true ? first.id : '';
    await expect(tracker.transitionTo(doneId, 'Done')).resolves.toBe(true);
    const doneCall = fake.writes().findLast((c) => c.path === `/rest/api/3/issue/${doneId}/transitions`);
    expect(doneCall?.body).toMatchObject({ transition: { id: '51' }, fields: { resolution: { name: 'Done' } } });
    const failedId = second?.ok === true ? second.id : '';
    fake.transitionAs(failedId, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    await expect(tracker.transitionTo(failedId, 'Remediation Failed')).resolves.toBe(true);
    const attempts = fake.writes().filter((c) => c.path === `/rest/api/3/issue/${failedId}/transitions`);
    expect(attempts.map((c) => c.status)).toEqual([400, 204]);
    expect(fake.state.issues.find((i) => i.id === failedId)?.statusName).toBe('Remediation Failed');
  });

  it('transitionTo moves the issue by target status name and returns false for a status outside the workflow', async () => {
    const { tracker, fake } = createHarness();
    const [created] = await tracker.createIssues([draftFor('abcd')]);
    const id = created?.ok === true ? created.id : '';
    await expect(tracker.transitionTo(id, 'done')).resolves.toBe(true);
    expect(fake.state.issues[0]?.statusName).toBe('Done');
    expect(fake.state.issues[0]?.changelog.at(-1)).toMatchObject({
      authorAccountId: FAKE_BOT_ACCOUNT_ID,
      items: [{ field: 'status', fromString: 'To Do', toString: 'Done' }],
    });
    const writesBefore = fake.writes().length;
    // "Rollback Requested" is not a status of the fake's workflow: refused before any move.
    await expect(tracker.transitionTo(id, 'Rollback Requested')).resolves.toBe(false);
    expect(fake.writes()).toHaveLength(writesBefore);
    const [after] = await tracker.getIssues([id]);
    expect(after).toMatchObject({ status: 'Done', statusCategory: 'done' });
  });

  it('adds an ADF comment authored by the bot', async () => {
    const { tracker, fake } = createHarness();
    const [created] = await tracker.createIssues([draftFor('abcd')]);
    const id = created?.ok === true ? created.id : '';
    const body = {
      type: 'doc' as const,
      version: 1 as const,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Applied.' }] }],
    };
    await tracker.addComment(id, body);
    expect(fake.state.issues[0]?.comments).toEqual([
      expect.objectContaining({ authorAccountId: FAKE_BOT_ACCOUNT_ID, body }),
    ]);
  });

  it('findAccountId prefers an exact active email match, accepts a hidden-email user, else undefined', async () => {
    const { tracker, fake } = createHarness();
    fake.state.users.push(
      {
        accountId: 'acc-dana-old',
        displayName: 'Dana Owner (old)',
        emailAddress: 'dana.owner@example.com.invalid',
        active: false,
        accountType: 'atlassian',
        emailHidden: false,
        groups: [],
      },
      {
        accountId: 'acc-hidden',
        displayName: 'Hidden Person',
        emailAddress: 'hidden@example.com',
        active: true,
        accountType: 'atlassian',
        emailHidden: true,
        groups: [],
      },
    );
    await expect(tracker.findAccountId('Dana.Owner@example.com')).resolves.toBe(FAKE_OWNER_ACCOUNT_ID);
    await expect(tracker.findAccountId('hidden@example.com')).resolves.toBe('acc-hidden');
    await expect(tracker.findAccountId('nobody@example.com')).resolves.toBeUndefined();
  });

  it('sees a just-created issue only through reconcileIssues while the search index lags', async () => {
    const { tracker, fake } = createHarness({ eventualConsistency: true });
    const [created] = await tracker.createIssues([draftFor('abcd')]);
    const id = created?.ok === true ? created.id : '';
    await expect(tracker.findByFingerprints(['abcd'], [])).resolves.toEqual([]);
    const found = await tracker.findByFingerprints(['abcd'], [id]);
    expect(found.map((i) => i.id)).toEqual([id]);
    expect(fake.calls().at(-1)?.body).toMatchObject({ reconcileIssues: [Number(id)] });
  });
});
