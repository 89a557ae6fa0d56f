import type { WorkspaceApi } from '../remediation/workspace-api.ts';
import type { IssueTracker, JiraUserRef } from '../tracker/issue-tracker.ts';
import {
  databricksUserName,
  manageGrant,
  permissionObjectType,
  type ResourcePermissionMode,
  resourcePermissionRequired,
  restartsOrDeletesCompute,
} from './resource-permission.ts';

/** What the check needs: the mode, Databricks reads, the Jira user's email and `routing.users`. */
export interface ApproverPermissionDeps {
  mode: ResourcePermissionMode;
  api: Pick<WorkspaceApi, 'getPermissions' | 'getUserGroupNames'>;
  /** Reads the approver's email; absent = lakewarden cannot map Jira users, so required checks fail closed. */
  users: Pick<IssueTracker, 'getUserEmail'> | undefined;
  /** `routing.users`: email → Jira accountId. */
  routingUsers: Readonly<Record<string, string>>;
  /** Names of the registered strategies (an unknown one counts as restarting compute). */
  knownStrategies: ReadonlySet<string>;
}

export interface ApproverPermissionInput {
  issueKey: string;
  approver: JiraUserRef;
  authorisedAs: 'assignee' | 'group';
  resource: { kind: 'warehouse' | 'cluster' | 'job'; id: string };
  strategy: string;
  plan: { restarts: boolean; changes: ReadonlyArray<{ field: string }> };
}

export type ApproverPermissionVerdict =
  | { kind: 'not_required' }
  | { kind: 'granted'; userName: string; via: string }
  | {
      kind: 'refuse';
      reason: 'assignee_not_enough' | 'no_databricks_identity' | 'no_resource_permission' | 'permission_lookup_failed';
      message: string;
      notify: boolean;
      retryable: boolean;
    };

function refuse(
  reason: Extract<ApproverPermissionVerdict, { kind: 'refuse' }>['reason'],
  message: string,
  transient = false,
): ApproverPermissionVerdict {
  return { kind: 'refuse', reason, message, notify: !transient, retryable: transient };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The second half of "who may approve" (issue 11 item 5), after decide-approval.ts has authorised the
 * approver in Jira (assignee or approver group):
 * - a plan that restarts or deletes compute is never approved on the strength of being the assignee alone
 *   (the assignee comes from a resource tag, which anyone who can tag the resource can set): with the
 *   permission check off for it, only an approver group member may approve;
 * - when the check is required (`remediation.approval.requireResourcePermission`, default
 *   `restarts-compute`), the approver's Databricks user (by `routing.users`, else the email Jira shows) must
 *   hold CAN_MANAGE or IS_OWNER on the resource, directly or through a workspace group, read with the
 *   Permissions API (`GET /api/2.0/permissions/{clusters|jobs|warehouses}/{id}`,
 *   https://docs.databricks.com/api/access-management/v1/get-object-permissions) and SCIM Users
 *   (https://docs.databricks.com/api/workspace/users/list). A hidden email without a mapping, an unknown
 *   user or no such grant refuses with a comment; a failed read refuses for now and is retried (fail closed).
 */
export async function checkApproverPermission(
  deps: ApproverPermissionDeps,
  input: ApproverPermissionInput,
): Promise<ApproverPermissionVerdict> {
  const { approver, resource } = input;
  const who = approver.displayName ?? approver.accountId;
  const restarting = restartsOrDeletesCompute(input.strategy, input.plan, resource.kind, deps.knownStrategies);
  const what = `${resource.kind} ${resource.id}`;
  if (!resourcePermissionRequired(deps.mode, restarting)) {
    if (restarting && input.authorisedAs === 'assignee') {
      return refuse(
        'assignee_not_enough',
        `${who} is the assignee of ${input.issueKey}, but this change restarts or terminates compute and being assigned (from a resource tag) does not make someone its approver. A member of an approver group must approve, or set remediation.approval.requireResourcePermission so that Databricks permissions decide.`,
      );
    }
    return { kind: 'not_required' };
  }
  let email: string | undefined;
  try {
    email = deps.users === undefined ? undefined : await deps.users.getUserEmail(approver.accountId);
  } catch (error) {
    return refuse(
      'permission_lookup_failed',
      `The Jira profile of ${who} could not be read (${errorText(error)}), so no change is made yet; lakewarden will retry.`,
      true,
    );
  }
  const userName = databricksUserName(approver.accountId, email, deps.routingUsers);
  if (userName === undefined) {
    return refuse(
      'no_databricks_identity',
      `lakewarden cannot tell which Databricks user ${who} is: Jira hides their email address and routing.users has no entry for their accountId, so it cannot check that they may manage ${what}. Add their Databricks user name under routing.users in lakewarden.yaml — "<email>": "${approver.accountId}" — (or make their email visible in their Atlassian profile), then approve again.`,
    );
  }
  try {
    const acl = await deps.api.getPermissions(permissionObjectType(resource.kind), resource.id);
    if (acl === null) {
      return refuse('no_resource_permission', `${what} does not exist in Databricks, so nothing is approved.`);
    }
    const direct = manageGrant(acl, userName, []);
    if (direct !== undefined) return { kind: 'granted', userName, via: 'user' };
    const groups = await deps.api.getUserGroupNames(userName);
    const grant = groups === null ? undefined : manageGrant(acl, userName, groups);
    if (grant?.via === 'group') return { kind: 'granted', userName, via: `group ${grant.group}` };
    return refuse(
      'no_resource_permission',
      `${who} (${userName} in Databricks) does not hold CAN_MANAGE or IS_OWNER on ${what}, directly or through a group${groups === null ? ' (no workspace user has that name)' : ''}.${restarting ? ' This change restarts or terminates compute, so' : ' So'} only someone who may manage the resource in Databricks can approve it.`,
    );
  } catch (error) {
    return refuse(
      'permission_lookup_failed',
      `The Databricks permissions on ${what} could not be read (${errorText(error)}), so no change is made yet; lakewarden will retry.`,
      true,
    );
  }
}
