/**
 * Ports the approval flow needs (docs/architecture.md: the core talks to interfaces; main.ts wires the kysely
 * store and the jira.js adapter to them). All times are ISO-8601 UTC strings.
 */

/** One verified webhook delivery as stored in the durable inbox (store table `inbox`). */
export interface InboxDelivery {
  /**
   * `X-Atlassian-Webhook-Identifier`, a derived key for Automation calls, or for the polling intake
   * `poll:changelog:<issueId>:<changelogId>` / `poll:comment:<issueId>:<commentId>`. Unique.
   */
  deliveryId: string;
  source: 'jira-webhook' | 'jira-automation' | 'jira-poll';
  receivedAt: string;
  /** The raw body as received (UTF-8). */
  body: string;
}

/** The durable inbox. `recordDelivery` must be atomic on `deliveryId` (INSERT … ON CONFLICT DO NOTHING). */
export interface InboxPort {
  /** @returns 'accepted' when stored now, 'duplicate' when the id was already stored. @throws when the store fails. */
  recordDelivery(delivery: InboxDelivery): Promise<'accepted' | 'duplicate'>;
}

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
  /** The `lakewarden` issue entity property, unvalidated (parsed by src/findings/issue-property.ts). */
  property: unknown;
  /** Every changelog entry (all pages). */
  changelog: ChangelogEntry[];
}

/** The group lookup result: ids of every group (nested included) or why it failed. */
export type GroupLookup = { ok: true; groupIds: string[] } | { ok: false; error: string };

/** The Jira operations of the approval flow (implemented by the jira.js adapter in src/jira/). */
export interface ApprovalJiraPort {
  getIssueWithChangelog(issueId: string): Promise<FetchedIssue>;
  /** GET /rest/api/3/user/groups?accountId= (or user?expand=groups); rejects on 403/5xx/timeout. */
  getUserGroups(accountId: string): Promise<string[]>;
  addComment(issueId: string, body: unknown): Promise<void>;
  /** Moves the issue to the status with this name (the adapter finds the transition by target name). */
  transitionTo(issueId: string, statusName: string): Promise<void>;
}
