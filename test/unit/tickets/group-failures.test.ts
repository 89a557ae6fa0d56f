import { describe, expect, it } from 'vitest';
import { formatFailureGroup, groupFailures, type WriteFailure } from '../../../src/tickets/group-failures.ts';

const offScreen =
  "Jira refused to create the issue (400): components: Field 'components' cannot be set. It is not on the appropriate screen, or unknown.";

describe('groupFailures', () => {
  it('turns 126 identical refusals into one line naming the cause and the fix', () => {
    const failures: WriteFailure[] = Array.from({ length: 126 }, () => ({
      operation: 'create',
      projectKey: 'LW',
      error: offScreen,
    }));
    const groups = groupFailures(failures);
    expect(groups).toHaveLength(1);
    expect(formatFailureGroup(groups[0] as never)).toBe(
      "126 creates failed: components not on the screen (project LW) — fix: add components to the screen of project LW, or remove it from lakewarden's configuration",
    );
  });

  it('keeps causes, projects and operations apart, most frequent first', () => {
    const groups = groupFailures([
      { operation: 'create', projectKey: 'LW', error: offScreen },
      { operation: 'create', projectKey: 'PAY', error: offScreen },
      { operation: 'create', projectKey: 'PAY', error: offScreen },
      {
        operation: 'create',
        projectKey: 'LW',
        error: 'Jira refused to create the issue (400): customfield_12312: Story type is required.',
      },
      { operation: 'update', projectKey: 'LW', error: 'Jira refused to edit issue 10452 (403): nope' },
      { operation: 'update', projectKey: 'LW', error: 'Jira refused to edit issue 10453 (403): nope' },
      { operation: 'resolve', projectKey: 'LW', error: 'no transition path to "Done" from "To Do" (available: none)' },
    ]);
    expect(groups.map(formatFailureGroup)).toEqual([
      expect.stringMatching(/^2 creates failed: components not on the screen \(project PAY\)/),
      expect.stringMatching(/^2 updates failed: permission denied \(project LW\)/),
      expect.stringMatching(/^1 create failed: components not on the screen \(project LW\)/),
      expect.stringMatching(
        /^1 create failed: Story type \(customfield_12312\) is required \(project LW\) — fix: make/,
      ),
      expect.stringMatching(
        /^1 resolution failed: no transition path to "Done" \(project LW\) — fix: add a transition/,
      ),
    ]);
  });
});
