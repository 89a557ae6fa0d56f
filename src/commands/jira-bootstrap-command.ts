import { buildReportFilters, jqlField } from '../bootstrap/build-report-filters.ts';
import { checkWorkflowStatuses, type StatusCheck } from '../bootstrap/check-workflow-statuses.ts';
import { ensureReportFilters, type FilterOutcome } from '../bootstrap/ensure-report-filters.ts';
import { ensureSavingsFields, type FieldOutcome } from '../bootstrap/ensure-savings-fields.ts';
import { renderBootstrapOutput } from '../bootstrap/render-bootstrap-output.ts';
import type { JiraSection } from '../config/jira-section.ts';
import type { BootstrapTracker } from '../tracker/issue-tracker.ts';
import { SAVINGS_FIELDS } from '../tracker/savings-field-definitions.ts';
import type { Output } from './output.ts';

/** What `jira bootstrap` needs (wired in cli.ts). */
export interface JiraBootstrapDeps {
  jira: BootstrapTracker;
  /** JIRA_PROJECT_KEY or `jira.projectKey`. */
  projectKey: string;
  /** `jira:` config: status names, configured field ids. */
  jiraConfig: JiraSection;
}

/** What `jira bootstrap` found and did. */
export interface JiraBootstrapResult {
  fields: FieldOutcome[];
  statuses: StatusCheck[];
  filters: FilterOutcome[];
}

/**
 * `lakewarden jira bootstrap [--apply]`: sets Jira up for savings reporting (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-post). Dry run by
 * default (reads only, prints `DRY-RUN: would …`); with `apply` it creates what is missing, idempotently:
 * the number fields "Estimated monthly savings (USD)" and "Verified monthly savings (USD)" (found by the
 * configured id `jira.fields.*` first, else by name), and the five shared filters (found by exact name first). It checks that the project's workflow has
 * every status in `jira.statuses` and prints what an admin must add (statuses are never created). Prints the
 * filters' JQL, how to build a dashboard, and the field ids for lakewarden.yaml.
 *
 * @throws ExternalServiceError when Jira fails (e.g. 403: creating fields needs Administer Jira); ConfigError when a
 *   configured field id does not exist.
 */
export async function jiraBootstrapCommand(
  deps: JiraBootstrapDeps,
  options: { apply: boolean },
  output: Output,
): Promise<JiraBootstrapResult> {
  const fields = await ensureSavingsFields(deps.jira, options.apply, deps.jiraConfig.fields);
  const statuses = await checkWorkflowStatuses(deps.jira, deps.projectKey, deps.jiraConfig.statuses);
  const idOf = (key: FieldOutcome['key']) => {
    const name = SAVINGS_FIELDS.find((f) => f.configKey === key)?.name ?? key;
    return jqlField(fields.find((f) => f.key === key)?.id ?? deps.jiraConfig.fields[key], name);
  };
  const filters = await ensureReportFilters(
    deps.jira,
    buildReportFilters({
      projectKey: deps.projectKey,
      statuses: deps.jiraConfig.statuses,
      estimatedField: idOf('estimatedSavings'),
      verifiedField: idOf('verifiedSavings'),
    }),
    deps.projectKey,
    options.apply,
  );
  for (const line of renderBootstrapOutput({
    apply: options.apply,
    projectKey: deps.projectKey,
    fields,
    statuses,
    filters,
  })) {
    output.out(line);
  }
  return { fields, statuses, filters };
}
