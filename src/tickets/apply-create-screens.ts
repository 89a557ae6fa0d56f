import { ConfigError } from '../errors.ts';
import type { IssueTracker } from '../tracker/issue-tracker.ts';
import { checkCreateScreen } from './check-create-screen.ts';
import type { PreparedFinding } from './plan-sync.ts';

/**
 * Reads the create screen of every project the scan writes to (once each), checks it, and fits each draft to
 * its project's screen: components kept only when the screen has a Components field and they exist in the
 * project, the savings field and `jira.priority` only when on the screen.
 *
 * @param items the findings this scan creates, updates or reopens
 * @returns the warnings to report once per scan, and the project key each item is filed in
 * @throws ConfigError naming the field and the fix when a screen lacks summary, description or labels or
 *   requires a field lakewarden cannot fill — before anything is written
 */
export async function applyCreateScreens(
  items: readonly PreparedFinding[],
  tracker: Pick<IssueTracker, 'readCreateScreen'>,
  savingsFieldId: string | undefined,
  priority?: string | undefined,
): Promise<{ warnings: string[]; projectOf: Map<string, string> }> {
  const byProject = new Map<string | undefined, PreparedFinding[]>();
  for (const item of items) {
    const list = byProject.get(item.draft.projectKey) ?? [];
    list.push(item);
    byProject.set(item.draft.projectKey, list);
  }
  const warnings: string[] = [];
  const errors: string[] = [];
  const projectOf = new Map<string, string>();
  for (const [projectKey, projectItems] of byProject) {
    const screen = await tracker.readCreateScreen(projectKey);
    const components = [...new Set(projectItems.flatMap((i) => i.draft.components))];
    const check = checkCreateScreen(screen, { components, savingsFieldId, priority });
    if (!check.ok) {
      errors.push(check.error);
      continue;
    }
    warnings.push(...check.warnings);
    for (const item of projectItems) {
      projectOf.set(item.finding.fingerprint, screen.projectKey);
      item.draft = {
        ...item.draft,
        components: check.plan.components
          ? item.draft.components.filter((c) => check.plan.existingComponents.has(c))
          : [],
        onScreen: {
          components: check.plan.components,
          estimatedSavings: check.plan.estimatedSavings,
          priority: check.plan.priority,
        },
        priority,
      };
    }
  }
  if (errors.length > 0) throw new ConfigError(errors.join(' | '));
  return { warnings, projectOf };
}
