import type { AdfDoc } from '../document/adf.ts';

/** Everything needed to create or update one issue for one finding. */
export interface IssueDraft {
  fingerprint: string;
  /** Project to file in (`routing.teams.<team>.projectKey`); undefined = the tracker's default project. */
  projectKey: string | undefined;
  summary: string;
  description: AdfDoc;
  /** lakewarden, lw-rule-<id>, lw-fp-<fingerprint>, lw-cost|lw-reliability|lw-governance, plus routing labels. */
  labels: string[];
  assigneeAccountId: string | undefined;
  components: string[];
  /** Estimated savings in USD/month for the configured number custom field. */
  estimatedSavingsUsd: number | undefined;
  /** Excess cost in USD/month of an anomaly finding, for the `jira.fields.excessCost` number field. */
  excessCostUsd?: number | undefined;
  /** The machine-readable finding stored as the issue entity property `lakewarden`. */
  property: Record<string, unknown>;
  /** SHA-256 of the rendered content; equal hashes mean "unchanged, no write". */
  contentHash: string;
  /**
   * Which optional fields the project's screen has (decided from its create metadata by `checkCreateScreen`);
   * the adapter sends components and the savings number field only when true.
   */
  onScreen: { components: boolean; estimatedSavings: boolean; priority?: boolean };
  /** Priority name for a create (`jira.priority`), sent only when `onScreen.priority`. */
  priority?: string | undefined;
}

/** One field of a create screen as create metadata describes it. */
export interface ScreenField {
  /** Field id: `summary`, `labels`, `components`, `customfield_10050`, … */
  id: string;
  name: string;
  required: boolean;
  /** Jira fills the field itself when it is left out. */
  hasDefaultValue: boolean;
}

/** The create screen of one project and issue type, read once per scan. */
export interface CreateScreen {
  projectKey: string;
  issueType: string;
  /** The issue type's id in this project (team-managed projects have their own issue type ids). */
  issueTypeId: string;
  fields: ScreenField[];
  /** Component names that exist in the project (the screen's allowed values; empty without a Components field). */
  components: string[];
}

/** One transition taken on the way to a target status. */
export interface TransitionHop {
  transition: string;
  from: string;
  to: string;
}

/** The outcome of moving an issue towards a status: the hops taken and, when it did not get there, why. */
export type MoveResult =
  | { reached: true; hops: TransitionHop[] }
  | { reached: false; hops: TransitionHop[]; status: string; reason: string };

/** An issue as read back from the tracker. */
export interface TrackedIssue {
  id: string;
  key: string;
  status: string;
  /** Jira status category key: new, indeterminate or done. */
  statusCategory: string;
  labels: string[];
  fingerprint: string | undefined;
  contentHash: string | undefined;
  /** Estimate stored on the issue at its last write (USD/month), from the `lakewarden` property. */
  estimatedSavingsUsd: number | undefined;
  /** ISO time of the last update, when known. */
  updated: string | undefined;
}

/** An issue's id and key. */
export interface IssueRef {
  id: string;
  key: string;
}

/** One comment as read back (polling intake, audit of the evidence posted). */
export interface IssueComment {
  id: string;
  /** Null when Jira omits the author. */
  authorAccountId: string | null;
  authorDisplayName: string | null;
  /** ISO time the comment was created. */
  created: string;
  /** Plain text of the body (ADF read as text). */
  text: string;
  /** The body as Jira returned it (ADF on Cloud), unvalidated. */
  body: unknown;
}

export type CreateResult =
  | { fingerprint: string; ok: true; id: string; key: string }
  | { fingerprint: string; ok: false; error: string; status?: number | undefined };

/**
 * The ticket side of the issue-tracker port: what a scan's ticket sync, the audit and the polling intake ask.
 * All ids are issue ids (not keys). Implementations retry 429/503 honouring Retry-After within a bounded
 * budget and throw ExternalServiceError (AuthenticationError for rejected credentials) otherwise.
 */
export interface TicketTracker {
  /** GET /rest/api/3/myself: proves the credentials work; the accountId is "the bot". */
  whoAmI(): Promise<{ accountId: string; displayName: string }>;
  /**
   * Issues carrying `lw-fp-<fp>` labels for the given fingerprints (bounded JQL, paged; reconcileIds for
   * read-after-write), in the default project and in `projectKeys` (team projects).
   */
  findByFingerprints(
    fingerprints: readonly string[],
    reconcileIds: readonly string[],
    projectKeys?: readonly string[],
  ): Promise<TrackedIssue[]>;
  /**
   * The create screen of a project (undefined = the default project) for the configured issue type.
   * @throws ConfigError when the issue type does not exist in the project
   */
  readCreateScreen(projectKey: string | undefined): Promise<CreateScreen>;
  /** Reads issues by id (missing ones are omitted). */
  getIssues(ids: readonly string[]): Promise<TrackedIssue[]>;
  /** Bulk create, ≤ 50 per call (the adapter chunks). */
  createIssues(drafts: readonly IssueDraft[]): Promise<CreateResult[]>;
  /**
   * Edits summary, description, labels, assignee, savings field and the property of an open issue; optional
   * fields that are not on the issue's edit screen are left out.
   */
  updateIssue(id: string, draft: IssueDraft): Promise<void>;
  addComment(id: string, body: AdfDoc): Promise<void>;
  /**
   * Moves an issue to the status with this name, through intermediate statuses when the workflow has no
   * direct transition (bounded search; never through lakewarden's trigger statuses such as Approved).
   */
  moveTo(id: string, statusName: string): Promise<MoveResult>;
  /** `moveTo(...).reached`: false when no path leads there from the current status. */
  transitionTo(id: string, statusName: string): Promise<boolean>;
  /** Email → accountId by user search; undefined when Jira hides or lacks the user. */
  findAccountId(email: string): Promise<string | undefined>;
  /** AccountId → email address; undefined when the user's profile visibility hides it (or it has none). */
  getUserEmail(accountId: string): Promise<string | undefined>;
  /** Every issue of the project labelled `lakewarden` (all pages), e.g. to audit the evidence posted on them. */
  listLakewardenIssues(): Promise<IssueRef[]>;
  /** Ids and keys of issues labelled `lakewarden` updated in the last `minutes` minutes (polling intake; paged). */
  findRecentlyUpdated(minutes: number): Promise<IssueRef[]>;
  /** Every comment of the issue, oldest first (all pages). */
  listComments(id: string): Promise<IssueComment[]>;
}
