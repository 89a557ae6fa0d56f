/** An issue's current Jira status: its name and status category key (`new` | `indeterminate` | `done`). */
export interface IssueStatus {
  name: string;
  categoryKey: string;
}

/**
 * Optional port: current Jira statuses of lakewarden's issues, keyed by issue id. The report works without
 * it (statuses are then derived from the store). Implemented over jira.js by `createJiraIssueStatusSource`.
 *
 * @throws ExternalServiceError when Jira fails.
 */
export interface IssueStatusSource {
  statusesByIssueId(): Promise<ReadonlyMap<string, IssueStatus>>;
}
