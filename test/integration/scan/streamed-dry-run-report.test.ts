import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../../src/records/store.ts';
import { formatFindingsTable, formatSummaryLine } from '../../../src/scan/format-scan-output.ts';
import { runScan, type ScanDeps, type ScanOutcome } from '../../../src/scan/run-scan.ts';
import { runScanReport } from '../../../src/scan/run-scan-report.ts';
import { type ReportOp, reportFindingOf, type ScanReport } from '../../../src/scan/scan-report.ts';
import { openSnapshot, saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import { snapshotSourceOf } from '../../../src/snapshot/snapshot-source.ts';

import { sampleScan } from '../../support/sample-scan-deps.ts';

const dir = mkdtempSync(join(tmpdir(), 'lw-streamed-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2026-11-16T08:00:00Z');

/** The fields the report keeps of each op, to compare a full outcome's ops with a report's. */
function opView(op: ReportOp): unknown {
  if (op.op === 'resolve') return { op: op.op, record: op.record.resourceId };
  return { op: op.op, reason: op.op === 'create' ? op.reason : undefined, fp: op.item.finding.fingerprint };
}

/** The sample account scanned twice with a store that knows some of its issues: runScan, then runScanReport. */
async function scanBoth(negotiated: boolean): Promise<{ full: ScanOutcome; report: ScanReport; fullFindings: number }> {
  const sample = await sampleScan(
    NOW,
    negotiated ? { negotiatedPrices: { discounts: { SQL_PRO: 0.3, ALL_PURPOSE: 0.2, JOBS: 0.25 } } } : {},
  );
  const { snapshot } = sample;
  const { store, config } = sample.deps;
  const lines = join(dir, `sample-${negotiated}.jsonl`);
  await saveSnapshot(lines, snapshot);
  const deps: ScanDeps = {
    ...sample.deps,
    negotiated: negotiated
      ? { discounts: config.savings.negotiatedPrices.discounts, effectivePrices: [], source: 'configured discounts' }
      : undefined,
  };
  // Known issues: one open with an older content (update), one declined (suppressed), one lakewarden resolved
  // (re-filed), one snoozed, and one open whose finding is gone (resolve).
  const first = await runScan(snapshotSourceOf(snapshot), deps, { dryRun: true, previews: false });
  const findings = first.evaluation.findings;
  expect(findings.length).toBeGreaterThan(6);
  const record = (i: number, state: IssueRecord['state']): IssueRecord => {
    const f = findings[i] ?? findings[0];
    if (f === undefined) throw new Error('no finding');
    return {
      fingerprint: f.fingerprint,
      issueId: String(100 + i),
      issueKey: `FIN-${100 + i}`,
      ruleId: f.ruleId,
      workspaceId: f.resource.workspaceId,
      resourceKind: f.resource.kind,
      resourceId: f.resource.id,
      state,
      contentHash: 'older',
      estimatedSavingsUsd: f.estimate.usdPerMonth,
      owner: null,
      team: null,
      firstSeenAt: '2026-10-01T00:00:00Z',
      lastSeenAt: '2026-10-01T00:00:00Z',
      declinedAt: state === 'declined' ? '2026-11-01T00:00:00Z' : null,
      resolvedAt: null,
    };
  };
  await store.upsertIssue(record(1, 'open'));
  await store.upsertIssue(record(2, 'declined'));
  await store.upsertIssue(record(3, 'resolved'));
  await store.upsertIssue(record(4, 'open'));
  const gone = findings[5];
  if (gone === undefined) throw new Error('no finding');
  await store.upsertIssue({ ...record(5, 'open'), fingerprint: `gone-${gone.fingerprint}`, resourceId: 'gone' });
  await store.upsertSnooze({
    fingerprint: findings[4]?.fingerprint ?? '',
    issueId: '104',
    issueKey: 'FIN-104',
    until: '2026-12-01T00:00:00Z',
    byAccountId: 'acc-1',
    byName: 'Pat',
    reason: null,
    source: 'comment:1',
    createdAt: '2026-11-10T00:00:00Z',
  });
  const full = await runScan(snapshotSourceOf(snapshot), deps, { dryRun: true, previews: false });
  // Chunks of 3 resources: a chunk boundary falls between many resources.
  const report = await runScanReport(await openSnapshot(lines), deps, { dryRun: true, previews: false }, 3);
  await store.close();
  return { full, report, fullFindings: full.evaluation.findings.length };
}

describe('a streamed dry run (runScanReport on a JSON Lines snapshot)', () => {
  for (const negotiated of [false, true]) {
    it(`reports what runScan reports, in chunks and keeping no finding whole${negotiated ? ', with negotiated prices' : ''}`, async () => {
      const { full, report, fullFindings } = await scanBoth(negotiated);
      // The chunked path ran: its findings carry only the report's fields.
      expect(report.evaluation.findings[0]).not.toHaveProperty('evidence');
      expect(report.evaluation.findings).toHaveLength(fullFindings);
      expect(report.evaluation.findings).toEqual(full.evaluation.findings.map(reportFindingOf));
      expect(report.sync.ops.map(opView)).toEqual(full.sync.ops.map(opView));
      expect(new Set(report.sync.ops.map((o) => o.op))).toEqual(
        new Set(['create', 'update', 'suppressed', 'snoozed', 'resolve']),
      );
      expect(report.sync.counts).toEqual(full.sync.counts);
      expect(report.evaluation.errors).toEqual(full.evaluation.errors);
      expect(report.evaluation.belowMinimum).toBe(full.evaluation.belowMinimum);
      expect(report.resources).toBe(full.resources);
      for (const [fp, route] of full.sync.routes) {
        expect(report.sync.routes.get(fp)).toEqual({ kind: route.kind, owner: route.owner });
      }
      expect(formatSummaryLine(report)).toBe(formatSummaryLine(full));
      for (const view of [{}, { limit: 5 }, { limit: 4, sort: 'owner' as const }, { sort: 'action' as const }]) {
        expect(formatFindingsTable(report, view)).toBe(formatFindingsTable(full, view));
      }
      if (negotiated) expect(formatSummaryLine(report)).toContain('at negotiated prices');
    });
  }

  it('is runScan for a JSON document, and with previews', async () => {
    const { deps, snapshot } = await sampleScan(NOW);
    const { store } = deps;
    const document = await runScanReport(snapshotSourceOf(snapshot), deps, { dryRun: true, previews: false });
    expect(document.evaluation.findings[0]).toHaveProperty('evidence');
    const lines = join(dir, 'previews.jsonl');
    await saveSnapshot(lines, snapshot);
    const previews = await runScanReport(await openSnapshot(lines), deps, { dryRun: true, previews: true });
    expect(previews.evaluation.findings[0]).toHaveProperty('evidence');
    expect(previews.sync.previews.length).toBeGreaterThan(0);
    await store.close();
  });
});
