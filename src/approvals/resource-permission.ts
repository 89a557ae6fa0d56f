import type { AclEntry, PermissionObjectType } from '../remediation/workspace-api.ts';

/** `remediation.approval.requireResourcePermission`. */
export type ResourcePermissionMode = 'restarts-compute' | 'always' | 'never';

/** Permission levels that let a person change the resource themselves in Databricks, hence approve its change. */
export const MANAGE_LEVELS: readonly string[] = ['CAN_MANAGE', 'IS_OWNER'];

/** Strategies that terminate compute (clusters/delete). */
const DELETES_COMPUTE: ReadonlySet<string> = new Set(['cluster-terminate']);
/** Strategies whose write goes through clusters/update, which restarts a RUNNING cluster. */
const CLUSTER_UPDATE: ReadonlySet<string> = new Set(['cluster-auto-termination', 'add-tags']);
/** Warehouse fields whose edit restarts a running warehouse (https://docs.databricks.com/api/workspace/warehouses/edit). */
const RESTARTING_WAREHOUSE_FIELDS: ReadonlySet<string> = new Set(['cluster_size']);

/**
 * True when a plan terminates a cluster or may restart compute: cluster-terminate; a cluster change through
 * clusters/update; a warehouse size change; or a plan that says it restarts. Judged from the strategy and
 * the changed fields as well as the `restarts` flag, so a plan cannot opt out by clearing the flag; an
 * unknown strategy counts as restarting (fail closed).
 */
export function restartsOrDeletesCompute(
  strategy: string,
  plan: { restarts: boolean; changes: ReadonlyArray<{ field: string }> },
  resourceKind: string,
  knownStrategies: ReadonlySet<string>,
): boolean {
  if (!knownStrategies.has(strategy)) return true;
  if (plan.restarts || DELETES_COMPUTE.has(strategy)) return true;
  if (resourceKind === 'cluster' && CLUSTER_UPDATE.has(strategy)) return true;
  return plan.changes.some((c) => RESTARTING_WAREHOUSE_FIELDS.has(c.field));
}

/** Whether the approver's Databricks permission on the resource must be checked for this plan. */
export function resourcePermissionRequired(mode: ResourcePermissionMode, restartsCompute: boolean): boolean {
  return mode === 'always' || (mode === 'restarts-compute' && restartsCompute);
}

/** The Permissions API `request_object_type` of a resource kind. */
export function permissionObjectType(kind: 'warehouse' | 'cluster' | 'job'): PermissionObjectType {
  return kind === 'warehouse' ? 'warehouses' : kind === 'cluster' ? 'clusters' : 'jobs';
}

/**
 * The Databricks user name (email) of a Jira user: the `routing.users` entry that maps an email to this
 * accountId (configuration wins: it is how a platform team states who is who), else the email Jira shows.
 * @returns undefined when Jira hides the email and no mapping exists.
 */
export function databricksUserName(
  accountId: string,
  jiraEmail: string | undefined,
  routingUsers: Readonly<Record<string, string>>,
): string | undefined {
  const mapped = Object.entries(routingUsers).find(([, id]) => id === accountId)?.[0];
  return mapped ?? jiraEmail;
}

/**
 * Whether `userName` holds CAN_MANAGE or IS_OWNER on the object, directly (an ACL entry for the user) or
 * through one of `groups` (an ACL entry for a group the user belongs to). Names compare case-insensitively
 * (Databricks user names are emails). Service principals never count: an approver is a person.
 * @returns how the permission is held, or undefined.
 */
export function manageGrant(
  acl: readonly AclEntry[],
  userName: string,
  groups: readonly string[],
): { via: 'user' } | { via: 'group'; group: string } | undefined {
  const user = userName.toLowerCase();
  const memberOf = new Set(groups.map((g) => g.toLowerCase()));
  const manages = (entry: AclEntry) => entry.levels.some((l) => MANAGE_LEVELS.includes(l));
  if (acl.some((e) => e.principal.kind === 'user' && e.principal.name.toLowerCase() === user && manages(e))) {
    return { via: 'user' };
  }
  const group = acl.find(
    (e) => e.principal.kind === 'group' && memberOf.has(e.principal.name.toLowerCase()) && manages(e),
  );
  return group === undefined ? undefined : { via: 'group', group: group.principal.name };
}
