/** A Jira user known to the fake. `emailHidden` mimics the privacy setting (no emailAddress in searches). */
export interface FakeUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  active: boolean;
  accountType: 'atlassian' | 'app' | 'customer';
  emailHidden: boolean;
  groups: Array<{ name: string; groupId: string }>;
}

/** A workflow status: id, name and status category key (new | indeterminate | done). */
export interface FakeStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

/** A workflow transition: from statuses (names; `'*'` = global) to a status name (undefined = no `to`, like a looped transition). */
export interface FakeTransition {
  id: string;
  name: string;
  from: readonly string[] | '*';
  to: string | undefined;
  /** The transition screen requires a resolution (like Jira's default "Done"/"Won't Do" screens). */
  requiresResolution?: boolean;
}

export interface FakeWorkflow {
  statuses: FakeStatus[];
  transitions: FakeTransition[];
  initialStatus: string;
}

export interface FakeChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface FakeHistory {
  id: string;
  authorAccountId: string;
  created: string;
  items: FakeChangeItem[];
}

export interface FakeComment {
  id: string;
  authorAccountId: string;
  body: unknown;
  created: string;
}

/** One issue as the fake stores it; `fields` holds writable fields (summary, description, labels, customfield_…). */
export interface FakeIssue {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  statusName: string;
  assigneeAccountId: string | null;
  reporterAccountId: string;
  summary: string;
  description: unknown;
  labels: string[];
  components: string[];
  customFields: Record<string, unknown>;
  properties: Record<string, unknown>;
  comments: FakeComment[];
  changelog: FakeHistory[];
  created: string;
  updated: string;
  /** False while a write is not yet visible to JQL search (eventual consistency mode). */
  indexed: boolean;
}

export interface FakeField {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  schema: { type: string; custom?: string; customId?: number; system?: string };
}

export interface FakeFilter {
  id: string;
  name: string;
  jql: string;
  description: string;
  ownerAccountId: string;
}

/** One request seen by the fake. `path` has no query string; `query` holds it (repeated parameters joined by commas). */
export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeFailure {
  method: string;
  path: RegExp;
  status: number;
  headers: Record<string, string>;
  remaining: number;
}

/**
 * How a project is run. Company-managed ("classic") projects share global screens that hold Components,
 * Priority and the site's custom fields; team-managed ("next-gen", `simplified: true`) projects have their own
 * fields and no Components field at all.
 * @see https://support.atlassian.com/jira-software-cloud/docs/what-are-team-managed-and-company-managed-projects/
 */
export type FakeProjectStyle = 'company-managed' | 'team-managed';

/** A field on a project's create/edit screen, as createmeta describes it. */
export interface FakeScreenField {
  fieldId: string;
  name: string;
  required: boolean;
  schema: { type: string; system?: string; custom?: string; items?: string };
}

export interface FakeProject {
  id: string;
  key: string;
  name: string;
  style: FakeProjectStyle;
  /** Components that exist in the project (always empty for team-managed). */
  components: string[];
  /** Issue types of the project (id, name). */
  issueTypes: Array<{ id: string; name: string }>;
  /** Field ids removed from the screen (e.g. `labels`), to emulate a trimmed screen. */
  hiddenFields: string[];
  /** Extra fields on the screen (e.g. a required custom field nobody can fill automatically). */
  extraFields: FakeScreenField[];
}

/** The inspectable state of the fake. */
export interface FakeJiraState {
  baseUrl: string;
  email: string;
  apiToken: string;
  /** 'valid' checks basic auth; 'dead-200' answers like Jira does for a revoked token (200, empty, X-Seraph-LoginReason). */
  credentials: 'valid' | 'dead-200';
  botAccountId: string;
  users: FakeUser[];
  projects: FakeProject[];
  workflow: FakeWorkflow;
  issues: FakeIssue[];
  fields: FakeField[];
  filters: FakeFilter[];
  calls: FakeCall[];
  failures: FakeFailure[];
  /** When true, new or edited issues are hidden from search until `reconcileIssues` names them or `indexAll()` runs. */
  eventualConsistency: boolean;
  nextIssueNumber: number;
  nextId: number;
  /** ISO clock of the fake, advanced one second per write so timestamps are ordered and deterministic. */
  now: number;
}
