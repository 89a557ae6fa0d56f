import { describe, expect, it } from 'vitest';
import {
  databricksUserName,
  manageGrant,
  permissionObjectType,
  resourcePermissionRequired,
  restartsOrDeletesCompute,
} from '../../../src/approvals/resource-permission.ts';
import { STRATEGIES } from '../../../src/remediation/registry.ts';
import type { AclEntry } from '../../../src/remediation/workspace-api.ts';

const known = new Set(STRATEGIES.keys());
const plan = (fields: string[], restarts = false) => ({ restarts, changes: fields.map((field) => ({ field })) });

describe('restartsOrDeletesCompute', () => {
  it('is true for termination, cluster updates, warehouse resizes, restarting plans and unknown strategies', () => {
    expect(restartsOrDeletesCompute('cluster-terminate', plan(['state']), 'cluster', known)).toBe(true);
    expect(
      restartsOrDeletesCompute('cluster-auto-termination', plan(['autotermination_minutes']), 'cluster', known),
    ).toBe(true);
    expect(restartsOrDeletesCompute('add-tags', plan(['custom_tags']), 'cluster', known)).toBe(true);
    expect(restartsOrDeletesCompute('warehouse-size', plan(['cluster_size']), 'warehouse', known)).toBe(true);
    // Clearing the flag does not hide a size change.
    expect(restartsOrDeletesCompute('warehouse-size', plan(['cluster_size'], false), 'warehouse', known)).toBe(true);
    expect(restartsOrDeletesCompute('warehouse-auto-stop', plan(['auto_stop_mins'], true), 'warehouse', known)).toBe(
      true,
    );
    expect(restartsOrDeletesCompute('made-up', plan([]), 'warehouse', known)).toBe(true);
  });

  it('is false for plans that change settings without restarting anything', () => {
    expect(restartsOrDeletesCompute('warehouse-auto-stop', plan(['auto_stop_mins']), 'warehouse', known)).toBe(false);
    expect(restartsOrDeletesCompute('job-timeout', plan(['timeout_seconds']), 'job', known)).toBe(false);
    expect(restartsOrDeletesCompute('add-tags', plan(['tags']), 'warehouse', known)).toBe(false);
  });

  it('requires the Databricks check per mode', () => {
    expect(resourcePermissionRequired('restarts-compute', true)).toBe(true);
    expect(resourcePermissionRequired('restarts-compute', false)).toBe(false);
    expect(resourcePermissionRequired('always', false)).toBe(true);
    expect(resourcePermissionRequired('never', true)).toBe(false);
    expect([permissionObjectType('cluster'), permissionObjectType('job'), permissionObjectType('warehouse')]).toEqual([
      'clusters',
      'jobs',
      'warehouses',
    ]);
  });
});

describe('databricksUserName', () => {
  it('prefers the routing.users mapping, else the email Jira shows, else nothing', () => {
    expect(databricksUserName('acc-1', 'shown@example.com', { 'mapped@example.com': 'acc-1' })).toBe(
      'mapped@example.com',
    );
    expect(databricksUserName('acc-1', 'shown@example.com', { 'other@example.com': 'acc-2' })).toBe(
      'shown@example.com',
    );
    expect(databricksUserName('acc-1', undefined, {})).toBeUndefined();
  });
});

describe('manageGrant', () => {
  const acl: AclEntry[] = [
    { principal: { kind: 'user', name: 'Dana@Example.com' }, levels: ['CAN_RESTART'] },
    { principal: { kind: 'user', name: 'owner@example.com' }, levels: ['CAN_VIEW', 'IS_OWNER'] },
    { principal: { kind: 'group', name: 'admins' }, levels: ['CAN_MANAGE'] },
    { principal: { kind: 'group', name: 'viewers' }, levels: ['CAN_ATTACH_TO'] },
    { principal: { kind: 'service_principal', name: 'dana@example.com' }, levels: ['CAN_MANAGE'] },
  ];

  it('grants CAN_MANAGE or IS_OWNER held directly or through a group the user is in', () => {
    expect(manageGrant(acl, 'owner@example.com', [])).toEqual({ via: 'user' });
    expect(manageGrant(acl, 'dana@example.com', ['viewers', 'Admins'])).toEqual({ via: 'group', group: 'admins' });
  });

  it('refuses lesser levels, groups the user is not in, and service principal entries', () => {
    expect(manageGrant(acl, 'dana@example.com', ['viewers'])).toBeUndefined();
    expect(manageGrant(acl, 'dana@example.com', [])).toBeUndefined();
    expect(manageGrant([], 'owner@example.com', ['admins'])).toBeUndefined();
  });
});
