import { describe, expect, it } from 'vitest';
import { checkCreateScreen } from '../../../src/tickets/check-create-screen.ts';
import type { CreateScreen, ScreenField } from '../../../src/tracker/issue-tracker.ts';

function field(id: string, required = false, hasDefaultValue = false): ScreenField {
  return { id, name: id[0]?.toUpperCase() + id.slice(1), required, hasDefaultValue };
}

const base: ScreenField[] = [
  field('summary', true),
  field('issuetype', true),
  field('project', true),
  field('description'),
  field('labels'),
  field('assignee'),
];

function screen(fields: ScreenField[], components: string[] = []): CreateScreen {
  return { projectKey: 'LW', issueType: 'Task', issueTypeId: '10002', fields, components };
}

describe('checkCreateScreen', () => {
  it('sends components and the savings field only when the screen has them, warning once about the rest', () => {
    const teamManaged = checkCreateScreen(screen(base), {
      components: ['data-platform'],
      savingsFieldId: 'customfield_10050',
    });
    expect(teamManaged).toMatchObject({ ok: true, plan: { components: false, estimatedSavings: false } });
    expect(teamManaged.ok && teamManaged.warnings).toEqual([
      expect.stringMatching(
        /^components "data-platform" are configured but the create screen of project LW .* has no Components field/,
      ),
      expect.stringMatching(
        /^jira.fields.estimatedSavings customfield_10050 is not on the create screen of project LW/,
      ),
    ]);
    const company = checkCreateScreen(screen([...base, field('components'), field('customfield_10050')], ['finops']), {
      components: ['data-platform', 'finops'],
      savingsFieldId: 'customfield_10050',
    });
    expect(company).toMatchObject({ ok: true, plan: { components: true, estimatedSavings: true } });
    expect(company.ok && [...company.plan.existingComponents]).toEqual(['finops']);
    expect(company.ok && company.warnings).toEqual([
      expect.stringMatching(/^components "data-platform" do not exist in project LW/),
    ]);
  });

  it('fails in one line when an essential field is missing or a required one cannot be filled', () => {
    const noLabels = checkCreateScreen(screen(base.filter((f) => f.id !== 'labels')), {
      components: [],
      savingsFieldId: undefined,
    });
    expect(noLabels).toEqual({
      ok: false,
      error: expect.stringMatching(/has no labels field, .* — fix: add labels to that screen/),
    });
    const required = checkCreateScreen(screen([...base, field('customfield_1', true), field('priority', true, true)]), {
      components: [],
      savingsFieldId: undefined,
    });
    expect(required).toEqual({
      ok: false,
      error: expect.stringMatching(/requires "Customfield_1" \(customfield_1\), which lakewarden cannot fill/),
    });
    const componentsRequired = checkCreateScreen(screen([...base, field('components', true)], ['finops']), {
      components: ['finops'],
      savingsFieldId: undefined,
    });
    expect(componentsRequired.ok).toBe(true);
  });
});
