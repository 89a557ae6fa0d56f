import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_OWNER_ACCOUNT_ID, type FakeUser } from '../../support/fake-jira.ts';
import { buildCluster } from '../../support/resource-builders.ts';
import { createHarness, type Harness, type HarnessOptions, WAREHOUSE_ID } from './approval-harness.ts';

/**
 * Who may approve (issue 11 item 5), end to end: scan → Jira issue assigned to Dana (from the `team` tag) →
 * "Approved" → signed webhook → worker → fake Databricks with the Permissions API and SCIM Users.
 */
const CLUSTER_ID = '0923-164208-abcd1234';
const DANA = 'dana.owner@example.com';
const MALLORY: FakeUser = {
  accountId: '712020:9e9e9e9e-0000-4000-8000-00000000beef',
  displayName: 'Mallory Editor',
  emailAddress: 'mallory@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
};

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

async function clusterHarness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await createHarness({ rules: ['cluster-idle-running'], users: [MALLORY], ...options });
  harness = h;
  h.dbx.clusters.set(CLUSTER_ID, {
    cluster_id: CLUSTER_ID,
    cluster_name: 'payments-shared',
    cluster_source: 'UI',
    state: 'RUNNING',
    autotermination_minutes: 120,
  });
  h.dbx.users.set(DANA, { id: '7001', groups: ['payments-engineers'] });
  h.dbx.users.set('mallory@example.com', { id: '7002', groups: [] });
  return h;
}

/** Files the cluster-idle-running issue (strategy cluster-terminate), assigned to Dana through the team tag. */
async function scanCluster(h: Harness) {
  return h.scan({
    ruleId: 'cluster-idle-running',
    resources: [
      buildCluster({
        id: CLUSTER_ID,
        name: 'payments-shared',
        tags: { team: 'payments' },
        config: { cluster_name: 'payments-shared', cluster_source: 'UI', state: 'RUNNING' },
        facts: { avgCpuPct: 3, runningHours: 300, idleHours: 250 },
      }),
    ],
  });
}

async function approveAs(h: Harness, issue: { issueId: string; issueKey: string }, accountId: string) {
  h.jira.transitionAs(issue.issueKey, accountId, 'Approved');
  await h.deliver(h.webhookBody(issue.issueId));
  await h.drain();
}

function comments(h: Harness, issueId: string): string {
  return JSON.stringify(h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? []);
}

function permissionReads(h: Harness) {
  return h.dbx.calls().filter((c) => c.path.startsWith('/api/2.0/permissions/'));
}

describe('who may approve a change that restarts or terminates compute', () => {
  it('refuses the assignee when they lack CAN_MANAGE on the cluster: zero writes, a comment that says why', async () => {
    const h = await clusterHarness();
    h.dbx.permissions.set(`clusters/${CLUSTER_ID}`, [
      { user_name: DANA, all_permissions: [{ permission_level: 'CAN_RESTART' }] },
      { group_name: 'platform-admins', all_permissions: [{ permission_level: 'CAN_MANAGE' }] },
    ]);
    const issue = await scanCluster(h);
    await approveAs(h, issue, FAKE_OWNER_ACCOUNT_ID);

    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(h.dbx.clusters.get(CLUSTER_ID)?.state).toBe('RUNNING');
    expect(permissionReads(h).map((c) => c.path)).toEqual([`/api/2.0/permissions/clusters/${CLUSTER_ID}`]);
    const text = comments(h, issue.issueId);
    expect(text).toContain(
      `Dana Owner (${DANA} in Databricks) does not hold CAN_MANAGE or IS_OWNER on cluster ${CLUSTER_ID}`,
    );
    expect(
      await h.ports.actions.listByStates(['queued', 'applying', 'verifying', 'verified', 'failed', 'refused']),
    ).toEqual([]);
  });

  it('fails closed when Jira hides the approver’s email and routing.users has no mapping, saying how to add it', async () => {
    const h = await clusterHarness();
    const dana = h.jira.state.users.find((u) => u.accountId === FAKE_OWNER_ACCOUNT_ID);
    if (dana !== undefined) dana.emailHidden = true;
    h.dbx.permissions.set(`clusters/${CLUSTER_ID}`, [
      { user_name: DANA, all_permissions: [{ permission_level: 'CAN_MANAGE' }] },
    ]);
    const issue = await scanCluster(h);
    await approveAs(h, issue, FAKE_OWNER_ACCOUNT_ID);

    expect(h.dbx.appliedWrites()).toEqual([]);
    // Not even the ACL is read: without an identity there is nothing to compare it with.
    expect(permissionReads(h)).toEqual([]);
    const text = comments(h, issue.issueId);
    expect(text).toContain('Jira hides their email address and routing.users has no entry for their accountId');
    expect(text).toContain(
      `Add their Databricks user name under routing.users in lakewarden.yaml — \\"<email>\\": \\"${FAKE_OWNER_ACCOUNT_ID}\\"`,
    );
  });

  it('uses the routing.users mapping when Jira hides the email, and allows a grant held through a workspace group', async () => {
    const h = await clusterHarness({ routingUsers: { [DANA]: FAKE_OWNER_ACCOUNT_ID } });
    const dana = h.jira.state.users.find((u) => u.accountId === FAKE_OWNER_ACCOUNT_ID);
    if (dana !== undefined) dana.emailHidden = true;
    h.dbx.permissions.set(`clusters/${CLUSTER_ID}`, [
      { user_name: 'someone-else@example.com', all_permissions: [{ permission_level: 'IS_OWNER' }] },
      { group_name: 'payments-engineers', all_permissions: [{ permission_level: 'CAN_MANAGE' }] },
    ]);
    const issue = await scanCluster(h);
    await approveAs(h, issue, FAKE_OWNER_ACCOUNT_ID);

    const writes = h.dbx.appliedWrites();
    expect(writes.map((w) => [w.path, w.body])).toEqual([['/api/2.1/clusters/delete', { cluster_id: CLUSTER_ID }]]);
    expect(h.dbx.clusters.get(CLUSTER_ID)?.state).toBe('TERMINATED');
    expect(
      h.dbx
        .calls()
        .some((c) => c.path === '/api/2.0/preview/scim/v2/Users' && c.query.filter === `userName eq "${DANA}"`),
    ).toBe(true);
    const [action] = await h.ports.actions.listByStates(['verified']);
    expect(action?.strategy).toBe('cluster-terminate');
    expect(comments(h, issue.issueId)).toContain('lakewarden applied the approved change');
    expect(h.jira.state.issues.find((i) => i.id === issue.issueId)?.statusName).toBe('Done');
  });

  it('goes through end to end for an approver who holds CAN_MANAGE directly', async () => {
    const h = await clusterHarness();
    h.dbx.permissions.set(`clusters/${CLUSTER_ID}`, [
      { user_name: DANA, all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
    ]);
    const issue = await scanCluster(h);
    await approveAs(h, issue, FAKE_OWNER_ACCOUNT_ID);

    expect(h.dbx.appliedWrites().map((w) => w.path)).toEqual(['/api/2.1/clusters/delete']);
    expect((await h.ports.actions.listByStates(['verified'])).length).toBe(1);
    // A direct grant needs no group lookup.
    expect(h.dbx.calls().some((c) => c.path.includes('/scim/'))).toBe(false);
  });

  it('never lets the tag-derived assignee alone approve a cluster termination, even with the permission check off', async () => {
    const h = await clusterHarness({ remediation: { approval: { requireResourcePermission: 'never' } } });
    const issue = await scanCluster(h);
    await approveAs(h, issue, FAKE_OWNER_ACCOUNT_ID);

    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(comments(h, issue.issueId)).toContain(
      'being assigned (from a resource tag) does not make someone its approver',
    );
  });

  it('leaves plans that restart nothing to the Jira model (no Databricks permission read)', async () => {
    const h = await clusterHarness();
    const { issueId, issueKey } = await h.scan();
    await approveAs(h, { issueId, issueKey }, FAKE_OWNER_ACCOUNT_ID);
    expect(h.dbx.appliedWrites().map((w) => w.path)).toEqual([`/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`]);
    expect(permissionReads(h)).toEqual([]);
  });
});

describe('self-approval', () => {
  it('refuses a user who created the issue, assigned it to himself and approved it: zero writes, a comment', async () => {
    const h = await clusterHarness();
    const { issueId, issueKey } = await h.scan();
    const issue = h.jira.state.issues.find((i) => i.id === issueId);
    if (issue === undefined) throw new Error('no issue');
    // Mallory files the issue himself (reporter) and assigns it to himself, as the changelog records it.
    issue.reporterAccountId = MALLORY.accountId;
    issue.assigneeAccountId = MALLORY.accountId;
    issue.changelog.push({
      id: '19001',
      authorAccountId: MALLORY.accountId,
      created: '2026-09-25T08:30:00.000+0000',
      items: [
        {
          field: 'assignee',
          fieldtype: 'jira',
          fieldId: 'assignee',
          from: FAKE_OWNER_ACCOUNT_ID,
          fromString: 'Dana Owner',
          to: MALLORY.accountId,
          toString: MALLORY.displayName,
        },
      ],
    });
    await approveAs(h, { issueId, issueKey }, MALLORY.accountId);

    expect(h.dbx.appliedWrites()).toEqual([]);
    // lakewarden files every issue as the bot: a human reporter means lakewarden did not create it, and that
    // refusal comes before who approved it is weighed (the self-approval rule also refuses it, see decide-approval).
    expect(comments(h, issueId)).toContain(`${issueKey} was created by Mallory Editor, not by lakewarden`);
  });

  it('refuses a user who only assigned the issue to himself (not the owner lakewarden routed it to)', async () => {
    const h = await clusterHarness();
    const { issueId, issueKey } = await h.scan();
    const issue = h.jira.state.issues.find((i) => i.id === issueId);
    if (issue === undefined) throw new Error('no issue');
    issue.assigneeAccountId = MALLORY.accountId;
    issue.changelog.push({
      id: '19002',
      authorAccountId: MALLORY.accountId,
      created: '2026-09-25T08:30:00.000+0000',
      items: [
        {
          field: 'assignee',
          fieldtype: 'jira',
          fieldId: 'assignee',
          from: FAKE_OWNER_ACCOUNT_ID,
          fromString: 'Dana Owner',
          to: MALLORY.accountId,
          toString: MALLORY.displayName,
        },
      ],
    });
    await approveAs(h, { issueId, issueKey }, MALLORY.accountId);

    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(comments(h, issueId)).toContain(
      `Mallory Editor is not the assignee of ${issueKey} and no approver group is configured`,
    );
  });
});
