import type { BootstrapTracker } from '../tracker/issue-tracker.ts';
import type { ReportFilter } from './build-report-filters.ts';

/** What happened to one shared filter. */
export interface FilterOutcome {
  filter: ReportFilter;
  id: string | undefined;
  outcome: 'exists' | 'created' | 'would-create';
  /** The existing filter's JQL when it differs from lakewarden's (left unchanged). */
  existingJql?: string;
}

/**
 * Creates each filter unless one with exactly that name already exists (idempotent; an existing filter is
 * never edited — a differing JQL is reported). Filters are shared with the project's members.
 */
export async function ensureReportFilters(
  jira: BootstrapTracker,
  filters: readonly ReportFilter[],
  projectKey: string,
  apply: boolean,
): Promise<FilterOutcome[]> {
  const outcomes: FilterOutcome[] = [];
  let projectId: string | undefined;
  for (const filter of filters) {
    const found = (await jira.searchFilters(filter.name)).find((f) => f.name === filter.name);
    if (found !== undefined) {
      outcomes.push({
        filter,
        id: found.id,
        outcome: 'exists',
        ...(found.jql !== filter.jql && { existingJql: found.jql }),
      });
      continue;
    }
    if (!apply) {
      outcomes.push({ filter, id: undefined, outcome: 'would-create' });
      continue;
    }
    projectId ??= (await jira.getProject(projectKey)).id;
    const id = await jira.createFilter({
      name: filter.name,
      jql: filter.jql,
      description: filter.description,
      projectId,
    });
    outcomes.push({ filter, id, outcome: 'created' });
  }
  return outcomes;
}
