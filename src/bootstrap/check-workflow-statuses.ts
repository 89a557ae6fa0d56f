import type { JiraSection } from '../config/jira-section.ts';
import type { BootstrapTracker } from '../tracker/issue-tracker.ts';

/** One status lakewarden needs and whether the project's workflow has it. */
export interface StatusCheck {
  /** The `jira.statuses` key, e.g. `approved`. */
  role: keyof JiraSection['statuses'];
  name: string;
  present: boolean;
  /** Category an admin should give a missing status (Jira: To Do / In Progress / Done). */
  suggestedCategory: 'To Do' | 'In Progress' | 'Done';
}

const CATEGORY: Record<keyof JiraSection['statuses'], StatusCheck['suggestedCategory']> = {
  open: 'To Do',
  approved: 'In Progress',
  failed: 'In Progress',
  rollback: 'In Progress',
  rolledBack: 'Done',
  done: 'Done',
  declined: 'Done',
};

/**
 * Checks the project's workflow statuses against every status name lakewarden transitions to
 * (`jira.statuses`: open, approved, done, failed, declined, rollback, rolledBack). Names compare case-insensitively,
 * as Jira's transition lookup does.
 */
export async function checkWorkflowStatuses(
  jira: BootstrapTracker,
  projectKey: string,
  statuses: JiraSection['statuses'],
): Promise<StatusCheck[]> {
  const have = new Set((await jira.listProjectStatuses(projectKey)).map((s) => s.name.toLowerCase()));
  const roles = Object.keys(CATEGORY) as Array<keyof JiraSection['statuses']>;
  return roles.map((role) => ({
    role,
    name: statuses[role],
    present: have.has(statuses[role].toLowerCase()),
    suggestedCategory: CATEGORY[role],
  }));
}
