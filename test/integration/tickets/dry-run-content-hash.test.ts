import { describe, expect, it } from 'vitest';
import { canonicalHash } from '../../../src/json/canonical-json.ts';
import { runScan } from '../../../src/scan/run-scan.ts';
import { snapshotSourceOf } from '../../../src/snapshot/snapshot-source.ts';
import { syncFindings } from '../../../src/tickets/sync-findings.ts';

import { sampleScan } from '../../support/sample-scan-deps.ts';

const NOW = new Date('2026-11-16T08:00:00Z');

describe('a dry run with previews (no Jira credentials)', () => {
  it('renders every preview without hashing any draft, and hashes only the drafts whose known issue it compares', async () => {
    const { deps, snapshot } = await sampleScan(NOW);
    const { rules, ...base } = deps;
    const { store } = deps;
    const scanned = await runScan(
      snapshotSourceOf(snapshot),
      { ...base, rules, negotiated: undefined },
      { dryRun: true, previews: false },
    );
    const findings = scanned.evaluation.findings;
    const hashed: unknown[] = [];
    const hashContent = (value: unknown): string => {
      hashed.push(value);
      return canonicalHash(value);
    };
    const options = {
      dryRun: true,
      scanId: 'scan-1',
      activeRuleIds: new Set(rules.map((r) => r.rule.id)),
      scannedWorkspaceIds: new Set(snapshot.workspaces.map((w) => w.id)),
    };
    const fresh = await syncFindings(findings, { ...base, hashContent }, options);
    expect(fresh.counts.created).toBe(findings.length);
    expect(fresh.previews).toHaveLength(findings.length);
    expect(fresh.previews.every((p) => p.markdown !== '' && p.adf.content.length > 0)).toBe(true);
    expect(hashed).toHaveLength(0);

    // A known open issue with another hash: its draft is hashed to compare (and found changed), the others not.
    const known = findings[0];
    if (known === undefined) throw new Error('no finding');
    await store.upsertIssue({
      fingerprint: known.fingerprint,
      issueId: '100',
      issueKey: 'FIN-100',
      ruleId: known.ruleId,
      workspaceId: known.resource.workspaceId,
      resourceKind: known.resource.kind,
      resourceId: known.resource.id,
      state: 'open',
      contentHash: 'older',
      estimatedSavingsUsd: known.estimate.usdPerMonth,
      owner: null,
      team: null,
      firstSeenAt: '2026-10-01T00:00:00Z',
      lastSeenAt: '2026-10-01T00:00:00Z',
      declinedAt: null,
      resolvedAt: null,
    });
    const again = await syncFindings(findings, { ...base, hashContent }, options);
    expect(again.counts.updated).toBe(1);
    expect(hashed).toHaveLength(1);
    await store.close();
  });
});
