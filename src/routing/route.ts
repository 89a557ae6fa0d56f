/** Where a finding goes: an assignee (email or accountId), Jira components and labels, and why. */
export interface Route {
  kind: 'team' | 'user' | 'unowned';
  team: string | undefined;
  /** Email or Jira accountId of the assignee; undefined leaves the issue unassigned. */
  assignee: string | undefined;
  components: string[];
  labels: string[];
  /** Human sentence shown on the issue, e.g. "tag team=payments → Payments team". */
  routedBy: string;
  /** The owner identity used for reports (team name or email). */
  owner: string | null;
  /** Jira project of the team (`routing.teams.<team>.projectKey`); undefined = the default project. */
  projectKey?: string | undefined;
}

/** True when the text looks like an email address (user identities in Databricks are emails). */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** True when the text looks like a service principal application id (a UUID). */
export function isApplicationId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
