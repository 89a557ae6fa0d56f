/** An issue's current Jira status: its name and status category key (`new` | `indeterminate` | `done`). */
export interface IssueStatus {
  name: string;
  categoryKey: string;
}

/**
 * Current tracker statuses of lakewarden's issues (label `lakewarden` in the default project), keyed by issue
 * id. The report works without it (statuses are then derived from the store).
 *
 * @throws ExternalServiceError when Jira fails.
 */
export interface IssueStatusSource {
  statusesByIssueId(): Promise<ReadonlyMap<string, IssueStatus>>;
}
