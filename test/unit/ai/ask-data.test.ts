import { describe, expect, it } from 'vitest';
import { loadAskData, pruneAskData, saveAskData } from '../../../src/ai/ask-data.ts';
import { openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

describe('ask data kept by the scan for /lakewarden ask (SQLite through the store migrations)', () => {
  it('keeps only resources with a finding, replaces the previous scan, and is pruned by age', async () => {
    const db = await openAiDatabase();
    const finding = buildWarehouseFinding();
    const withFinding = buildWarehouse({
      id: finding.resource.id,
      name: 'acme-finance-bi',
      series: { costUsd: [10, 11] },
    });
    const other = buildWarehouse({ id: 'wh-without-finding', name: 'quiet' });
    const snapshot = buildSnapshot([withFinding, other]);
    const saved = await saveAskData(db, {
      scanId: 's1',
      at: new Date('2026-11-01T00:00:00Z'),
      snapshot: {
        ...snapshot,
        resources: snapshot.resources.map((r) => ({ ...r, workspaceId: finding.resource.workspaceId })),
      },
      findings: [finding],
    });
    expect(saved).toEqual({ resources: 1, findings: 1 });

    const loaded = await loadAskData(db, finding.resource);
    expect(loaded.snapshot?.resources.map((r) => r.id)).toEqual([finding.resource.id]);
    expect(loaded.snapshot?.resources[0]?.series?.costUsd).toEqual([10, 11]);
    expect(loaded.snapshot?.window).toEqual(snapshot.window);
    expect(loaded.findings?.map((f) => f.fingerprint)).toEqual([finding.fingerprint]);
    expect((await loadAskData(db, { ...finding.resource, id: 'wh-without-finding' })).snapshot?.resources).toEqual([]);

    // A later scan without findings replaces everything.
    await saveAskData(db, { scanId: 's2', at: new Date('2026-11-02T00:00:00Z'), snapshot, findings: [] });
    expect((await loadAskData(db, finding.resource)).findings).toEqual([]);

    expect(await pruneAskData(db, new Date('2026-11-03T00:00:00Z'))).toBe(1);
    expect(await loadAskData(db, finding.resource)).toEqual({ snapshot: undefined, findings: undefined });
  });
});
