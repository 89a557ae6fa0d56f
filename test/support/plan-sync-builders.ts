import type { Finding } from '../../src/findings/finding.ts';
import type { IssueRecord } from '../../src/records/store.ts';
import type { PreparedFinding, SyncPolicy } from '../../src/tickets/plan-sync.ts';
import type { TrackedIssue } from '../../src/tracker/issue-tracker.ts';
import { buildWarehouse } from './resource-builders.ts';
import { findingOf } from './rule-harness.ts';

/** Builders of planSync's inputs around one idle-warehouse finding (the unit tests of src/tickets/plan-sync.ts). */
export const now = new Date('2026-11-20T12:00:00Z');

export function prepared(finding: Finding, contentHash = 'hash-1'): PreparedFinding {
  return {
    finding,
    owner: 'ana@example.com',
    team: null,
    draft: {
      fingerprint: finding.fingerprint,
      projectKey: undefined,
      summary: 's',
      description: { type: 'doc', version: 1, content: [] },
      labels: [],
      assigneeAccountId: undefined,
      components: [],
      estimatedSavingsUsd: finding.estimate.usdPerMonth,
      property: {},
      contentHash,
      onScreen: { components: true, estimatedSavings: true },
    },
  };
}

export function policy(overrides: Partial<SyncPolicy> = {}): SyncPolicy {
  return {
    declinedStatus: "Won't Do",
    reopenWhenWorseFactor: 1.5,
    declinedSnoozeDays: 90,
    now,
    activeRuleIds: new Set(['warehouse-auto-stop-too-long']),
    scannedWorkspaceIds: new Set([buildWarehouse().workspaceId]),
    ...overrides,
  };
}

export function record(finding: Finding, overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    fingerprint: finding.fingerprint,
    issueId: '10001',
    issueKey: 'FIN-1',
    ruleId: finding.ruleId,
    workspaceId: finding.resource.workspaceId,
    resourceKind: finding.resource.kind,
    resourceId: finding.resource.id,
    state: 'open',
    contentHash: 'hash-1',
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    owner: null,
    team: null,
    firstSeenAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-01T00:00:00Z',
    declinedAt: null,
    resolvedAt: null,
    ...overrides,
  };
}

export function tracked(finding: Finding, overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  return {
    id: '10001',
    key: 'FIN-1',
    status: 'To Do',
    statusCategory: 'new',
    labels: [`lw-fp-${finding.fingerprint}`],
    fingerprint: finding.fingerprint,
    contentHash: 'hash-1',
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    updated: '2026-11-10T00:00:00Z',
    ...overrides,
  };
}

const idle = buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 120 } });
export const finding = findingOf('warehouse-auto-stop-too-long', idle);
