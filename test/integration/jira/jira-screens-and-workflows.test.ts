import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { FAKE_SAVINGS_FIELD, fakeProject, multiStepWorkflow } from '../../support/fake-jira.ts';
import { createHarness, draftFor } from './harness.ts';

describe('fake Jira project styles (createmeta, editmeta, the 400 of a field off the screen)', () => {
  it('a team-managed project refuses components with the ErrorCollection Jira sends', async () => {
    const { context } = createHarness({ projects: [fakeProject('FIN', 'team-managed')] });
    await expect(
      context.client.issues.createIssue({
        fields: { project: { key: 'FIN' }, issuetype: { name: 'Task' }, summary: 'x', components: [] },
      }),
    ).rejects.toMatchObject({
      status: 400,
      body: {
        errorMessages: [],
        errors: { components: "Field 'components' cannot be set. It is not on the appropriate screen, or unknown." },
      },
    });
  });

  it('readCreateScreen reports the fields of each style and the components that exist', async () => {
    const company = createHarness();
    const screen = await company.tracker.readCreateScreen(undefined);
    expect(screen).toMatchObject({ projectKey: 'FIN', issueType: 'Task', components: ['data-platform', 'finops'] });
    expect(screen.fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['summary', 'description', 'labels', 'components', 'priority', FAKE_SAVINGS_FIELD]),
    );
    const team = createHarness({ projects: [fakeProject('FIN', 'team-managed')] });
    const teamScreen = await team.tracker.readCreateScreen('FIN');
    expect(teamScreen.fields.map((f) => f.id)).not.toContain('components');
    expect(teamScreen.fields.map((f) => f.id)).not.toContain(FAKE_SAVINGS_FIELD);
    expect(teamScreen.components).toEqual([]);
  });

  it('readCreateScreen names the issue types that exist when jira.issueType is not one of them', async () => {
    const { tracker } = createHarness({
      projects: [fakeProject('FIN', 'team-managed', { issueTypes: [{ id: '10300', name: 'Story' }] })],
    });
    const error = await tracker.readCreateScreen(undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /jira.issueType "Task" is not an issue type of project FIN \(it has: Story\)/,
    );
  });

  it('updateIssue leaves out fields that are not on the edit screen', async () => {
    const { tracker, fake } = createHarness({ projects: [fakeProject('FIN', 'team-managed')] });
    const [created] = await tracker.createIssues([
      draftFor('abcd', { components: [], onScreen: { components: false, estimatedSavings: false } }),
    ]);
    const id = created?.ok === true ? created.id : '';
    await tracker.updateIssue(id, draftFor('abcd', { summary: 'Now worse', contentHash: 'hash-2' }));
    const edit = fake.writes().find((c) => c.method === 'PUT' && c.path === `/rest/api/3/issue/${id}`);
    expect(edit?.status).toBe(204);
    expect(Object.keys((edit?.body as { fields?: object } | undefined)?.fields ?? {}).sort()).toEqual([
      'assignee',
      'description',
      'labels',
      'summary',
    ]);
    expect(fake.calls().some((c) => c.path === `/rest/api/3/issue/${id}/editmeta`)).toBe(true);
  });

  it('setNumberField writes the verified savings only when the field is on the edit screen', async () => {
    const team = createHarness({ projects: [fakeProject('FIN', 'team-managed')] });
    const [created] = await team.tracker.createIssues([
      draftFor('abce', { components: [], onScreen: { components: false, estimatedSavings: false } }),
    ]);
    const teamId = created?.ok === true ? created.id : '';
    // The team-managed screen has no savings field: left alone, no PUT (Jira would answer 400).
    expect(await team.tracker.setNumberField(teamId, FAKE_SAVINGS_FIELD, 2400)).toBe(false);
    expect(team.fake.writes().filter((c) => c.method === 'PUT' && c.path === `/rest/api/3/issue/${teamId}`)).toEqual(
      [],
    );
    const company = createHarness();
    const [issue] = await company.tracker.createIssues([draftFor('abcf')]);
    const id = issue?.ok === true ? issue.id : '';
    expect(await company.tracker.setNumberField(id, FAKE_SAVINGS_FIELD, 2400)).toBe(true);
    expect(company.fake.state.issues.find((i) => i.id === id)?.customFields[FAKE_SAVINGS_FIELD]).toBe(2400);
  });
});

describe('moveTo walks the workflow as it is', () => {
  it('goes To Do → In Progress → Done with the resolution, and records each hop', async () => {
    const { tracker, fake } = createHarness({ workflow: multiStepWorkflow() });
    const [a, b] = await tracker.createIssues([draftFor('ab01'), draftFor('ab02')]);
    const first = a?.ok === true ? a.id : '';
    const second = b?.ok === true ? b.id : '';
    const hops = [
      { transition: 'Start progress', from: 'To Do', to: 'In Progress' },
      { transition: 'Resolve', from: 'In Progress', to: 'Done' },
    ];
    await expect(tracker.moveTo(first, 'Done')).resolves.toEqual({ reached: true, hops });
    // The second issue follows the path learned from the first (breadth-first over what was seen).
    await expect(tracker.moveTo(second, 'Done')).resolves.toEqual({ reached: true, hops });
    expect(fake.state.issues.map((i) => i.statusName)).toEqual(['Done', 'Done']);
    await expect(tracker.moveTo(first, 'To Do')).resolves.toEqual({
      reached: true,
      hops: [{ transition: 'Reopen', from: 'Done', to: 'To Do' }],
    });
  });

  it('never passes through Approved, goes back where it started, and says why when no path exists', async () => {
    const { tracker, fake } = createHarness({
      workflow: {
        initialStatus: 'To Do',
        statuses: [
          { id: '10001', name: 'To Do', category: 'new' },
          { id: '3', name: 'In Progress', category: 'indeterminate' },
          { id: '10100', name: 'Approved', category: 'indeterminate' },
          { id: '10002', name: 'Done', category: 'done' },
        ],
        transitions: [
          { id: '21', name: 'Start progress', from: ['To Do'], to: 'In Progress' },
          { id: '22', name: 'Stop progress', from: ['In Progress'], to: 'To Do' },
          { id: '31', name: 'Approve', from: ['To Do', 'In Progress'], to: 'Approved' },
          { id: '51', name: 'Done', from: ['Approved'], to: 'Done', requiresResolution: true },
        ],
      },
    });
    const [created] = await tracker.createIssues([draftFor('ab01')]);
    const id = created?.ok === true ? created.id : '';
    const result = await tracker.moveTo(id, 'Done');
    expect(result).toMatchObject({
      reached: false,
      status: 'To Do',
      hops: [
        { transition: 'Start progress', from: 'To Do', to: 'In Progress' },
        { transition: 'Stop progress', from: 'In Progress', to: 'To Do' },
      ],
    });
    expect(result.reached === false && result.reason).toMatch(
      /^no transition path to "Done" from "In Progress" \(available: .*\); moved back to "To Do"$/,
    );
    const issue = fake.state.issues[0];
    expect(issue?.statusName).toBe('To Do');
    expect(issue?.changelog.some((h) => h.items[0]?.toString === 'Approved')).toBe(false);
  });
});
