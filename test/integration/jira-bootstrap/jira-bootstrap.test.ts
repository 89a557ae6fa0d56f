import { describe, expect, it } from 'vitest';
import { jiraBootstrapCommand } from '../../../src/commands/jira-bootstrap-command.ts';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import { FAKE_SAVINGS_FIELD } from '../../support/fake-jira.ts';
import { createHarness } from '../jira/harness.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('jira bootstrap against the fake Jira (jira.js in throw mode)', () => {
  it('dry run reads only and says what it would create', async () => {
    const { context, fake } = createHarness();
    const { out, output } = capture();
    const result = await jiraBootstrapCommand(
      {
        jira: createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) }),
        projectKey: 'FIN',
        jiraConfig: JiraSection.parse({}),
      },
      { apply: false },
      output,
    );
    expect(fake.writes()).toEqual([]);
    expect(result.fields.map((f) => f.outcome)).toEqual(['would-create', 'would-create', 'would-create']);
    expect(out.join('\n')).toContain('DRY-RUN: would create "Estimated monthly savings (USD)"');
    expect(out.join('\n')).toContain(
      'labels = lakewarden AND statusCategory != Done ORDER BY assignee ASC, "Estimated monthly savings (USD)" DESC',
    );
  });

  it('--apply creates the three number fields and five filters once; a second run writes nothing', async () => {
    const { context, fake } = createHarness();
    const deps = {
      jira: createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) }),
      projectKey: 'FIN',
      jiraConfig: JiraSection.parse({}),
    };
    const first = capture();
    const result = await jiraBootstrapCommand(deps, { apply: true }, first.output);

    const created = fake.state.fields.filter((f) => f.name.endsWith('monthly savings (USD)'));
    expect(created.map((f) => [f.name, f.schema.custom])).toEqual([
      ['Estimated monthly savings (USD)', 'com.atlassian.jira.plugin.system.customfieldtypes:float'],
      ['Verified monthly savings (USD)', 'com.atlassian.jira.plugin.system.customfieldtypes:float'],
    ]);
    expect(fake.state.fields.find((f) => f.name === 'Excess monthly cost (USD)')?.schema.custom).toBe(
      'com.atlassian.jira.plugin.system.customfieldtypes:float',
    );
    const fieldPosts = fake.writes().filter((c) => c.path === '/rest/api/3/field');
    expect(fieldPosts.map((c) => (c.body as { searcherKey: string }).searcherKey)).toEqual([
      'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber',
      'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber',
      'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber',
    ]);
    const [est, ver] = created.map((f) => f.schema.customId);
    expect(fake.state.filters.map((f) => f.name)).toEqual([
      'lakewarden: open findings by owner',
      'lakewarden: awaiting approval',
      'lakewarden: approved, not yet verified',
      'lakewarden: verified savings this quarter',
      'lakewarden: declined',
    ]);
    const jql = Object.fromEntries(fake.state.filters.map((f) => [f.name, f.jql]));
    expect(jql['lakewarden: awaiting approval']).toBe(
      `project = "FIN" AND labels = lakewarden AND status = "To Do" ORDER BY cf[${est}] DESC, created ASC`,
    );
    expect(jql['lakewarden: approved, not yet verified']).toBe(
      `project = "FIN" AND labels = lakewarden AND (status = "Approved" OR (status = "Done" AND cf[${ver}] is EMPTY)) ORDER BY updated ASC`,
    );
    expect(jql['lakewarden: declined']).toContain(`status = "Won't Do"`);
    const filterPost = fake.writes().find((c) => c.path === '/rest/api/3/filter');
    expect(filterPost?.body).toMatchObject({ sharePermissions: [{ type: 'project', project: { id: '10000' } }] });

    const text = first.out.join('\n');
    expect(text).toContain(`estimatedSavings: customfield_${est}`);
    expect(text).toContain(`verifiedSavings: customfield_${ver}`);
    expect(text).toContain('MISSING Rollback Requested (jira.statuses.rollback)');
    expect(text).toContain('status "Rollback Requested" (category In Progress)');
    expect(text).toContain('Two Dimensional Filter Statistics');
    expect(result.statuses.filter((s) => !s.present).map((s) => s.name)).toEqual(['Rollback Requested', 'Rolled Back']);

    const writesAfterFirst = fake.writes().length;
    expect(writesAfterFirst).toBe(8);
    const second = capture();
    const again = await jiraBootstrapCommand(deps, { apply: true }, second.output);
    expect(fake.writes().length).toBe(writesAfterFirst);
    expect(again.fields.map((f) => f.outcome)).toEqual(['exists', 'exists', 'exists']);
    expect(again.filters.map((f) => f.outcome)).toEqual(Array(5).fill('exists'));
    expect(again.filters.every((f) => f.existingJql === undefined)).toBe(true);
  });

  it('a configured field id that Jira does not have is a configuration error, before any write', async () => {
    const { context, fake } = createHarness();
    const deps = {
      jira: createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) }),
      projectKey: 'FIN',
      jiraConfig: JiraSection.parse({ fields: { verifiedSavings: 'customfield_1' } }),
    };
    const run = jiraBootstrapCommand(deps, { apply: true }, capture().output);
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(jiraBootstrapCommand(deps, { apply: true }, capture().output)).rejects.toThrow(
      /jira\.fields\.verifiedSavings is customfield_1 but Jira has no field with that id/,
    );
    expect(fake.writes()).toEqual([]);
  });

  it('honours configured field ids whatever the fields are named, and finds the others by name ignoring case', async () => {
    const { context, fake } = createHarness();
    // The fake site already has "Estimated savings (USD/month)" = customfield_10050 (another name than bootstrap's).
    fake.state.fields.push({
      id: 'customfield_10077',
      key: 'customfield_10077',
      name: 'VERIFIED MONTHLY SAVINGS (usd)',
      custom: true,
      schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10077 },
    });
    const { out, output } = capture();
    const result = await jiraBootstrapCommand(
      {
        jira: createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) }),
        projectKey: 'FIN',
        jiraConfig: JiraSection.parse({ fields: { estimatedSavings: FAKE_SAVINGS_FIELD } }),
      },
      { apply: true },
      output,
    );
    const rows = result.fields.map((f) => [f.key, f.outcome, f.id, f.foundBy]);
    expect(rows.slice(0, 2)).toEqual([
      ['estimatedSavings', 'exists', FAKE_SAVINGS_FIELD, 'configured-id'],
      ['verifiedSavings', 'exists', 'customfield_10077', 'name'],
    ]);
    // The excess-cost field (anomalies) exists nowhere on the site yet: it is the only field created.
    expect(rows[2]?.slice(0, 2)).toEqual(['excessCost', 'created']);
    expect(fake.writes().filter((c) => c.path === '/rest/api/3/field')).toHaveLength(1);
    const jql = Object.fromEntries(fake.state.filters.map((f) => [f.name, f.jql]));
    expect(jql['lakewarden: awaiting approval']).toContain('ORDER BY cf[10050] DESC');
    expect(jql['lakewarden: approved, not yet verified']).toContain('cf[10077] is EMPTY');
    expect(out.join('\n')).toContain(
      `exists: "Estimated savings (USD/month)" = ${FAKE_SAVINGS_FIELD} (jira.fields.estimatedSavings)`,
    );
  });
});
