import type { AdfDoc } from './adf.ts';

/** Everything needed to create or update one issue for one finding. */
export interface IssueDraft {
  fingerprint: string;
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
}

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

export type CreateResult =
  | { fingerprint: string; ok: true; id: string; key: string }
  | { fingerprint: string; ok: false; error: string };

/**
 * The issue-tracker port (Jira behind it; an adapter in src/jira/). All ids are Jira issue ids (not keys).
 * Implementations retry 429/503 honouring Retry-After within a bounded budget and throw
 * ExternalServiceError (AuthenticationError for rejected credentials) otherwise.
 */
export interface IssueTracker {
  /** GET /rest/api/3/myself: proves the credentials work; the accountId is "the bot". */
  whoAmI(): Promise<{ accountId: string; displayName: string }>;
  /** Issues carrying `lw-fp-<fp>` labels for the given fingerprints (bounded JQL, paged; reconcileIds for read-after-write). */
  findByFingerprints(fingerprints: readonly string[], reconcileIds: readonly string[]): Promise<TrackedIssue[]>;
  /** Reads issues by id (missing ones are omitted). */
  getIssues(ids: readonly string[]): Promise<TrackedIssue[]>;
  /** Bulk create, ≤ 50 per call (the adapter chunks). */
  createIssues(drafts: readonly IssueDraft[]): Promise<CreateResult[]>;
  /** Edits summary, description, labels, assignee, savings field and the property of an open issue. */
  updateIssue(id: string, draft: IssueDraft): Promise<void>;
  addComment(id: string, body: AdfDoc): Promise<void>;
  /**
   * Moves an issue to the status with this name via the transition whose `to.name` matches.
   * @returns false when no transition leads there from the current status.
   */
  transitionTo(id: string, statusName: string): Promise<boolean>;
  /** Email → accountId by user search; undefined when Jira hides or lacks the user. */
  findAccountId(email: string): Promise<string | undefined>;
}
