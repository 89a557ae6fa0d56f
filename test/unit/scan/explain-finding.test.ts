import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { fingerprintOf } from '../../../src/findings/fingerprint.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { explainFinding, splitConjuncts } from '../../../src/scan/explain-finding.ts';
import { formatExplanation } from '../../../src/scan/format-explanation.ts';
import { SERIES } from '../../../src/stats/baseline-facts.ts';
import { buildCluster, buildJob, buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';
import { BASELINE_START, dailySeries, runSeries, snapshotWith, withSeries } from '../rules/second-wave-series.ts';

function costSeries(recentFactor: number): Record<string, number[]> {
  const cost = dailySeries({ level: 100, noise: 0.1, recentFactor });
  return { [SERIES.costUsd]: cost, [SERIES.dbus]: cost.map((c) => Math.round((c / 0.55) * 100) / 100) };
}

describe('explainFinding', () => {
  it('explains a cost spike: every condition held, the dated series and the statistics behind the facts', () => {
    const warehouse = withSeries(buildWarehouse(), costSeries(3));
    const snapshot = snapshotWith([warehouse]);
    const rule = compileRuleFile('warehouse-cost-spike');
    const [finding] = evaluateSnapshot(snapshot, [rule]).findings;
    expect(finding).toBeDefined();
    const explanation = explainFinding(snapshot, [rule], `lw-fp-${finding?.fingerprint ?? ''}`);
    if (explanation.status !== 'found') throw new Error(`expected found, got ${explanation.status}`);
    expect(explanation.conditions.length).toBe(6);
    expect(explanation.conditions.every((c) => c.held === true)).toBe(true);
    expect(explanation.conditions[3]?.values.map((v) => v.path)).toEqual([
      'facts.costRecentUsdPerDay',
      'params.minFactor',
      'facts.costBaselineUsdPerDay',
    ]);
    const series = explanation.series;
    expect(series?.name).toBe('costUsd');
    expect(series?.points.length).toBe(60);
    expect(series?.points[0]).toMatchObject({ date: BASELINE_START, period: 'baseline' });
    expect(series?.points[30]).toMatchObject({ date: '2026-10-02', period: 'window' });
    expect(series?.points.at(-1)).toMatchObject({ date: '2026-10-31', period: 'recent' });
    expect(series?.points.filter((p) => p.period === 'recent').length).toBe(7);
    const stats = series?.statistics;
    // The statistics are recomputed from the series and agree with the facts the rule read.
    expect(Number(stats?.robustZ.toFixed(1))).toBe(warehouse.facts.costRobustZ);
    expect(Number(stats?.baselineMedian.toPrecision(2))).toBe(warehouse.facts.costBaselineUsdPerDay);
    expect(stats?.factor).toBeGreaterThan(2.5);
    expect(stats?.baselineMad).toBeGreaterThan(0);
    expect(stats?.trendPerDay).not.toBeNull();

    const text = formatExplanation(explanation).join('\n');
    expect(text).toContain(`Finding ${finding?.fingerprint}: SQL warehouse cost spiked above its baseline`);
    expect(text).toContain('✓ facts.costRobustZ >= params.minRobustZ — held');
    expect(text).toMatch(/^ {2}2026-10-25 {2}2026-10-31 {2}recent +\S+( \S+){6}$/m);
    expect(text).toMatch(/daily: [▁▂▃▄▅▆▇█]{30}│[▁▂▃▄▅▆▇█]{30}/);
    expect(text).toMatch(/weekly medians .*: [▁▂▃▄▅▆▇█]{4}│[▁▂▃▄▅▆▇█]{4}/);
    expect(text).toMatch(/robust z-score +\d+\.\d/);
    expect(text).toMatch(/Theil–Sen slope/);
    expect(text).toContain('minExcessUsdPerMonth = 300 USD/month');
    expect(text).toContain('savings floor: does not apply (excess-cost finding');
  });

  it('compares only runs of the current configuration version for a per-run series', () => {
    const series = runSeries({ durationSec: 1000, noise: 0.1, recentFactor: 1.8, changeDay: 10, changeFactor: 1.3 });
    const job = withSeries(buildJob(), series);
    const snapshot = snapshotWith([job]);
    const rule = compileRuleFile('job-runtime-drift');
    const explanation = explainFinding(snapshot, [rule], fingerprintOf(rule.rule.id, job));
    if (explanation.status !== 'found') throw new Error(`expected found, got ${explanation.status}`);
    expect(explanation.series?.perRun).toBe(true);
    expect(explanation.series?.statistics?.excludedRuns).toBe(10);
    expect(explanation.series?.statistics?.excludedRuns).toBe(job.facts.durationExcludedRuns);
    expect(explanation.series?.statistics?.baselinePoints).toBe(job.facts.durationBaselineRuns);
    const text = formatExplanation(explanation).join('\n');
    expect(text).toContain('configuration versions seen: v0, v1 (compared: v1)');
    expect(text).toMatch(/^ {2}2026-09-02 .* \d+\*/m);
  });

  it('explains a first-wave finding through its evidence and params, without a series', () => {
    const cluster = buildCluster({ config: { autotermination_minutes: 0 }, facts: { idleHours: 50 } });
    const snapshot = snapshotWith([cluster]);
    const rule = compileRuleFile('cluster-no-auto-termination');
    const explanation = explainFinding(snapshot, [rule], fingerprintOf(rule.rule.id, cluster));
    if (explanation.status !== 'found') throw new Error(`expected found, got ${explanation.status}`);
    expect(explanation.series).toBeNull();
    const text = formatExplanation(explanation).join('\n');
    expect(text).toContain('Evidence:');
    expect(text).toContain('Params:');
    expect(text).not.toContain('Statistics:');
  });

  it('says when the fingerprint belongs to a resource the rule did not match, and which condition failed', () => {
    const quiet = withSeries(buildWarehouse(), costSeries(1));
    const snapshot = snapshotWith([quiet]);
    const rule = compileRuleFile('warehouse-cost-spike');
    const explanation = explainFinding(snapshot, [rule], fingerprintOf(rule.rule.id, quiet));
    if (explanation.status !== 'not-matched') throw new Error(`expected not-matched, got ${explanation.status}`);
    expect(explanation.reason).toBe('conditions');
    expect(explanation.ruleFindings).toBe(0);
    expect(explanation.conditions.find((c) => c.expr.startsWith('facts.costRobustZ'))?.held).toBe(false);
    const text = formatExplanation(explanation).join('\n');
    expect(text).toMatch(/belongs to rule warehouse-cost-spike on warehouse .*: the rule did not match it/);
    expect(text).toContain('✗ facts.costRobustZ >= params.minRobustZ — did not hold');
  });

  it('reports a missing fact as an error of that condition, and an unknown fingerprint as unknown', () => {
    const bare = buildWarehouse();
    const snapshot = snapshotWith([bare]);
    const rule = compileRuleFile('warehouse-cost-spike');
    const notMatched = explainFinding(snapshot, [rule], fingerprintOf(rule.rule.id, bare));
    if (notMatched.status !== 'not-matched') throw new Error('expected not-matched');
    expect(notMatched.conditions[0]).toMatchObject({ expr: 'has(facts.costRobustZ)', held: false });
    expect(notMatched.conditions[2]?.held).toBe('error');
    const unknown = explainFinding(snapshot, [rule], 'ffffffffffffffff');
    expect(unknown).toEqual({ status: 'unknown', fingerprint: 'ffffffffffffffff', rules: 1, resources: 1 });
    expect(formatExplanation(unknown).join('\n')).toMatch(/ffffffffffffffff is unknown/);
  });
});

describe('splitConjuncts', () => {
  it('splits at top-level && only', () => {
    expect(splitConjuncts("a && (b && c) && d['x&&y'] == 'p && q'")).toEqual([
      'a',
      '(b && c)',
      "d['x&&y'] == 'p && q'",
    ]);
    expect(splitConjuncts('a && b || c')).toEqual(['a && b || c']);
    expect(splitConjuncts('a ? b && c : d')).toEqual(['a ? b && c : d']);
  });
});

describe('lakewarden scan --explain', () => {
  const ROOT = new URL('../../../', import.meta.url).pathname;
  let dir: string;
  let out: string[];
  let err: string[];
  const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-explain-'));
    out = [];
    err = [];
    writeFileSync(
      join(dir, 'lakewarden.yaml'),
      `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const scan = (...args: string[]) =>
    runCli(
      [
        '--config',
        join(dir, 'lakewarden.yaml'),
        'scan',
        '--snapshot',
        join(ROOT, 'examples/sample-account.json'),
        ...args,
      ],
      output,
    );

  it('prints the explanation of a sample finding and files nothing', async () => {
    expect(await scan('--json')).toBe(0);
    const findings = (JSON.parse(out.join('\n')) as { findings: Array<{ ruleId: string; fingerprint: string }> })
      .findings;
    const spike = findings.find((f) => f.ruleId === 'warehouse-cost-spike');
    expect(spike).toBeDefined();
    out = [];
    expect(await scan('--explain', spike?.fingerprint ?? '')).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`Finding ${spike?.fingerprint}`);
    expect(text).toContain('Statistics:');
    expect(text).not.toMatch(/dry run:/);
  });

  it('exits 2 with a message for an unknown fingerprint', async () => {
    expect(await scan('--explain', '0123456789abcdef')).toBe(2);
    expect(err.join('\n')).toMatch(/fingerprint 0123456789abcdef is unknown/);
  });
});
