/** A custom or system field as Jira lists it (GET /rest/api/3/field). */
export interface JiraFieldSummary {
  id: string;
  name: string;
  custom: boolean;
  /** `schema.custom`, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:float`. */
  customType: string | undefined;
}

/** A saved filter (GET /rest/api/3/filter/search). */
export interface JiraFilterSummary {
  id: string;
  name: string;
  jql: string;
}

/** A workflow status of the project with its category key (`new` | `indeterminate` | `done`). */
export interface JiraStatusSummary {
  name: string;
  categoryKey: string;
}

/** A project as the tracker describes it. */
export interface TrackerProject {
  id: string;
  name: string;
  components: string[];
}

/**
 * The admin reads and writes `jira bootstrap` makes (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/ and
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-filters/). Writes are only called with `--apply`.
 *
 * @throws ExternalServiceError when Jira refuses or fails (e.g. 403 without Administer Jira).
 */
export interface BootstrapTracker {
  listFields(): Promise<JiraFieldSummary[]>;
  /** Creates a number field (type `…:float`, searcher `…:exactnumber`). @returns its id (`customfield_NNNNN`). */
  createNumberField(name: string, description: string): Promise<string>;
  /** Every status used by the project's workflows (all issue types), de-duplicated by name. */
  listProjectStatuses(projectKey: string): Promise<JiraStatusSummary[]>;
  /**
   * The project: its numeric id (for sharing filters with the project), name and component names (doctor).
   * @throws ExternalServiceError (404 when the key is wrong or the bot cannot browse the project)
   */
  getProject(projectKey: string): Promise<TrackerProject>;
  /** Filters whose name contains `name` (Jira matches case-insensitively); callers compare exactly. */
  searchFilters(name: string): Promise<JiraFilterSummary[]>;
  /** Creates a filter shared with the project's members. @returns its id. */
  createFilter(filter: { name: string; jql: string; description: string; projectId: string }): Promise<string>;
}
