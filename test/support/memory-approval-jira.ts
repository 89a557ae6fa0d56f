import type { ApprovalTracker, FetchedIssue } from '../../src/tracker/issue-tracker.ts';

/** In-memory ApprovalTracker: one issue store, group membership by accountId, a switch to fail group lookups. */
export class MemoryApprovalJira implements ApprovalTracker {
  readonly issues = new Map<string, FetchedIssue>();
  readonly groups = new Map<string, string[]>();
  readonly comments: Array<{ issueId: string; body: unknown }> = [];
  readonly transitions: Array<{ issueId: string; status: string }> = [];
  groupLookupFails = false;

  async getIssueWithChangelog(issueId: string): Promise<FetchedIssue> {
    await Promise.resolve();
    const issue = this.issues.get(issueId);
    if (issue === undefined)
      throw new Error(`Issue does not exist or you do not have permission to see it: ${issueId}`);
    return structuredClone(issue);
  }
  async getUserGroups(accountId: string): Promise<string[]> {
    await Promise.resolve();
    if (this.groupLookupFails) throw new Error('503 Service Unavailable');
    return [...(this.groups.get(accountId) ?? [])];
  }
  async addComment(issueId: string, body: unknown): Promise<void> {
    this.comments.push({ issueId, body });
  }
  async ensureStatus(issueId: string, status: string): Promise<void> {
    this.transitions.push({ issueId, status });
  }
}
