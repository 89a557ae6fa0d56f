import { readFileSync } from 'node:fs';
import type { ApprovalPolicy } from '../../src/approvals/decide-approval.ts';
import type { ChangelogEntry, FetchedIssue } from '../../src/tracker/issue-tracker.ts';

export const BOT = '712020:0d4e7a91-6c2b-4f35-8e0a-b7d1c9f2a3e4';
export const OWNER = '712020:5c1f9d3e-0b7a-4d1e-9a31-2f6d2b7c9e10';
export const APPROVED_AT = '2026-09-26T10:41:02.015+0000';

interface RawPage {
  values: Array<{
    id: string;
    author: { accountId: string; displayName: string };
    created: string;
    items: Array<{
      field: string;
      from: string | null;
      fromString: string | null;
      to: string | null;
      toString: string | null;
    }>;
  }>;
}

/** The changelog of issue 10452 from the fixture page (bot assigns owner; owner → To Do; owner → Approved, id 10871). */
export function fixtureChangelog(): ChangelogEntry[] {
  const page = JSON.parse(
    readFileSync(new URL('../fixtures/jira/rest-issue-changelog-page.json', import.meta.url), 'utf8'),
  ) as RawPage;
  return page.values.map((v) => ({
    id: v.id,
    author: { accountId: v.author.accountId, displayName: v.author.displayName },
    created: v.created,
    items: v.items.map((i) => ({
      field: i.field,
      from: i.from,
      fromString: i.fromString,
      to: i.to,
      toString: i.toString,
    })),
  }));
}

/** The lakewarden property of the fixture issue: warehouse auto-stop 120 → 10. */
export function warehouseProperty(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 1,
    fingerprint: '3f9a1c0d5e7b2a46',
    ruleId: 'warehouse-auto-stop',
    resource: { workspaceId: '1234567890', kind: 'warehouse', id: 'wh-1' },
    plan: {
      strategy: 'warehouse-auto-stop',
      autonomy: 'approval',
      args: { auto_stop_mins: 10 },
      changes: [{ field: 'auto_stop_mins', before: 120, after: 10 }],
      risk: 'The warehouse stops after 10 idle minutes.',
      restarts: false,
    },
    estimate: { usdPerMonth: 412.5 },
    owner: 'dana@example.com',
    ...overrides,
  };
}

/** The fixture issue FINOPS-17 as re-fetched: Approved, assigned to the owner, reported by the bot. */
export function fetchedIssue(overrides: Partial<FetchedIssue> = {}): FetchedIssue {
  return {
    id: '10452',
    key: 'FINOPS-17',
    status: { id: '10100', name: 'Approved' },
    labels: ['lakewarden', 'lw-cost', 'lw-fp-3f9a1c0d5e7b2a46', 'lw-rule-warehouse-auto-stop'],
    assignee: { accountId: OWNER, displayName: 'Dana Owner' },
    reporter: { accountId: BOT, displayName: 'lakewarden' },
    property: warehouseProperty(),
    changelog: fixtureChangelog(),
    ...overrides,
  };
}

/** A status-change changelog entry. */
export function statusEntry(
  id: string,
  author: string,
  created: string,
  fromName: string,
  toName: string,
): ChangelogEntry {
  return {
    id,
    author: { accountId: author, displayName: author },
    created,
    items: [{ field: 'status', from: null, fromString: fromName, to: null, toString: toName }],
  };
}

export function approvalPolicy(overrides: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return {
    approvedStatus: 'Approved',
    maxAgeMs: 24 * 3_600_000,
    assigneeMayApprove: true,
    approverGroupIds: ['grp-finops'],
    approverGroupIdsByStrategy: {},
    approverGroupIdsByRule: {},
    ...overrides,
  };
}
