import type { TicketTracker } from './ticket-port.ts';

/** A Jira user as seen by the approval check. */
export interface JiraUserRef {
  accountId: string;
  displayName: string | null;
}

/** One changelog history entry (GET /rest/api/3/issue/{id}/changelog `values[]`). */
export interface ChangelogEntry {
  id: string;
  author: JiraUserRef | null;
  /** ISO timestamp (Jira's `2026-09-26T10:41:02.015+0000` is accepted by Date.parse). */
  created: string;
  items: Array<{
    field: string;
    from: string | null;
    fromString: string | null;
    to: string | null;
    toString: string | null;
  }>;
}

/** The issue re-fetched from Jira, with the fields the decision uses and the `lakewarden` property raw. */
export interface FetchedIssue {
  id: string;
  key: string;
  status: { id: string | null; name: string };
  labels: string[];
  assignee: JiraUserRef | null;
  reporter: JiraUserRef | null;
  /** The `lakewarden` issue entity property, unvalidated (parsed by parse-issue-property.ts). */
  property: unknown;
  /** Every changelog entry (all pages). */
  changelog: ChangelogEntry[];
}

/** The group lookup result: ids of every group (nested included) or why it failed. */
export type GroupLookup = { ok: true; groupIds: string[] } | { ok: false; error: string };

/**
 * The tracker reads and writes of the approval flow: the issue re-fetched with its changelog, the approver's
 * groups, comments, and moving the issue to a status (or failing loudly when the workflow has no path).
 */
export interface ApprovalTracker extends Pick<TicketTracker, 'addComment'> {
  getIssueWithChangelog(issueId: string): Promise<FetchedIssue>;
  /** Ids of the account's groups (a group without an id is dropped, never matched by name); rejects on 403/5xx/timeout. */
  getUserGroups(accountId: string): Promise<string[]>;
  /**
   * Moves the issue to the status with this name (through intermediate statuses like `moveTo`); resolves when
   * the issue is there already.
   * @throws ExternalServiceError when the workflow has no path from the current status
   */
  ensureStatus(issueId: string, statusName: string): Promise<void>;
}

/** Reads an issue's comments so the relay can skip a comment already posted (idempotent by marker). */
export interface CommentReader {
  /** True when a comment on the issue contains `marker` anywhere in its body. Rejects on Jira errors. */
  hasCommentWith(issueId: string, marker: string): Promise<boolean>;
  /** The issue's current status name. */
  currentStatus(issueId: string): Promise<string>;
}
