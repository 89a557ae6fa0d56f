import { describe, expect, it } from 'vitest';
import { createHarness, draftFor } from './harness.ts';

describe('fake Jira admin and reporting endpoints (through jira.js in throw mode)', () => {
  it('creates a number custom field that issues can then carry', async () => {
    const { context, fake } = createHarness();
    const field = await context.client.issueFields.createCustomField({
      name: 'Verified savings (USD/month)',
      type: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
      searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber',
    });
    expect(field.id).toMatch(/^customfield_\d+$/);
    const fields = await context.client.issueFields.getFields();
    expect(fields.map((f) => f.id)).toContain(field.id);
    const created = await context.client.issues.createIssue({
      fields: { project: { key: 'FIN' }, issuetype: { name: 'Task' }, summary: 'x', [field.id ?? '']: 12.5 },
    });
    expect(fake.state.issues.find((i) => i.id === created.id)?.customFields[field.id ?? '']).toBe(12.5);
    await expect(
      context.client.issues.createIssue({
        fields: { project: { key: 'FIN' }, issuetype: { name: 'Task' }, summary: 'x', customfield_99999: 1 },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('saves a filter and finds it by name', async () => {
    const { context, tracker } = createHarness();
    await tracker.createIssues([draftFor('abcd')]);
    const filter = await context.client.filters.createFilter({
      name: 'lakewarden savings',
      jql: 'labels = lakewarden',
    });
    const page = await context.client.filters.getFiltersPaginated({ filterName: 'savings' });
    expect(page.values.map((f) => [f.id, f.jql])).toEqual([[filter.id, 'labels = lakewarden']]);
    expect(page).toMatchObject({ startAt: 0, total: 1, isLast: true });
  });
});
