import { z } from 'zod';
import { ExternalServiceError } from '../../../errors.ts';
import type { AclEntry, PermissionObjectType } from '../../../remediation/workspace-api.ts';
import { DatabricksNotFoundError } from '../../errors.ts';
import type { RestCall } from '../http-client.ts';

/**
 * Response of `GET /api/2.0/permissions/{request_object_type}/{request_object_id}`
 * (https://docs.databricks.com/api/access-management/v1/get-object-permissions): `access_control_list[]` with one of
 * `user_name` / `group_name` / `service_principal_name` and `all_permissions[].permission_level`
 * (direct and inherited). Other fields are dropped.
 */
const PermissionsResponse = z.object({
  access_control_list: z
    .array(
      z.object({
        user_name: z.string().optional(),
        group_name: z.string().optional(),
        service_principal_name: z.string().optional(),
        all_permissions: z.array(z.object({ permission_level: z.string() })).default([]),
      }),
    )
    .default([]),
});

/**
 * Response of `GET /api/2.0/preview/scim/v2/Users` (https://docs.databricks.com/api/workspace/users/list):
 * `Resources[]` with `userName` and `groups[].display` (the group's display name, as `group_name` in ACLs).
 */
const ScimUsers = z.object({
  Resources: z
    .array(
      z.object({
        userName: z.string(),
        groups: z.array(z.object({ display: z.string().optional(), value: z.string().optional() })).default([]),
      }),
    )
    .default([]),
});

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ExternalServiceError('databricks', `${what}: unexpected response shape`);
  return parsed.data;
}

/** The object's ACL; null when the object does not exist (404). @throws ExternalServiceError otherwise. */
export async function getPermissions(
  call: RestCall,
  objectType: PermissionObjectType,
  id: string,
): Promise<AclEntry[] | null> {
  let body: unknown;
  try {
    body = await call({ method: 'GET', path: `/api/2.0/permissions/${objectType}/${encodeURIComponent(id)}` });
  } catch (error) {
    if (error instanceof DatabricksNotFoundError) return null;
    throw error;
  }
  const acl = parse(PermissionsResponse, body, `permissions of ${objectType} ${id}`).access_control_list;
  return acl.flatMap((entry): AclEntry[] => {
    const levels = entry.all_permissions.map((p) => p.permission_level);
    if (entry.user_name !== undefined) return [{ principal: { kind: 'user', name: entry.user_name }, levels }];
    if (entry.group_name !== undefined) return [{ principal: { kind: 'group', name: entry.group_name }, levels }];
    if (entry.service_principal_name !== undefined) {
      return [{ principal: { kind: 'service_principal', name: entry.service_principal_name }, levels }];
    }
    return [];
  });
}

/** Group display names of the workspace user with this exact user name; null when there is none. */
export async function getUserGroupNames(call: RestCall, userName: string): Promise<string[] | null> {
  const filter = `userName eq "${userName.replace(/["\\]/g, '')}"`;
  const body = await call({
    method: 'GET',
    path: '/api/2.0/preview/scim/v2/Users',
    query: { filter, attributes: 'userName,groups' },
  });
  const user = parse(ScimUsers, body, `workspace user ${userName}`).Resources.find(
    (u) => u.userName.toLowerCase() === userName.toLowerCase(),
  );
  if (user === undefined) return null;
  return user.groups.flatMap((g) => (g.display === undefined ? [] : [g.display]));
}
