import type { ApprovalTracker, CommentReader } from './approval-port.ts';
import type { BootstrapTracker } from './bootstrap-port.ts';
import type { SavingsTracker } from './savings-port.ts';
import type { IssueStatusSource } from './status-port.ts';
import type { TicketTracker } from './ticket-port.ts';

/**
 * The one issue-tracker port: everything lakewarden asks of a tracker, composed of the small interfaces in
 * this folder — tickets (search by fingerprint, create/update, transitions, comments, users, poll reads),
 * approvals (issue with changelog, groups, status), savings fields, the report's statuses and the bootstrap's
 * fields, statuses and filters. Use cases take this type (or a `Pick` of it), never an adapter. Documents
 * (descriptions, comments) are the structured `AdfDoc` tree from `adf.ts`: an adapter for a tracker
 * that takes another markup renders it from that tree. One adapter per tracker implements the whole type
 * (Jira Cloud: `createJiraIssueTracker` in src/jira/).
 */
export type IssueTracker = TicketTracker &
  ApprovalTracker &
  CommentReader &
  SavingsTracker &
  IssueStatusSource &
  BootstrapTracker;

export type * from '../document/adf.ts';
export type * from './approval-port.ts';
export type * from './bootstrap-port.ts';
export type * from './savings-port.ts';
export type * from './status-port.ts';
export type * from './ticket-port.ts';
