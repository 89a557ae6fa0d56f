import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load-config.ts';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules, readRuleFiles } from '../../../src/rules/load-rules.ts';
import { parseSnapshot } from '../../../src/snapshot/parse-snapshot.ts';
import type {
  ClusterResource,
  JobResource,
  PipelineResource,
  Snapshot,
  WarehouseResource,
} from '../../../src/snapshot/schema.ts';
import {
  countsFor,
  generateSnapshot,
  generateSyntheticAccount,
} from '../../../src/snapshot/synthetic/generate-snapshot.ts';
import { SERVICE_PRINCIPALS, TEAMS } from '../../../src/snapshot/synthetic/names.ts';
import { WAREHOUSE_DBU_PER_HOUR } from '../../../src/snapshot/warehouse-sizes.ts';

const DEFAULT_EOS = RulesSection.parse({}).runtimeEndOfSupport;
const DAY_MS = 86_400_000;

/** a ≈ b within a cent plus rounding of the inputs. */
function close(a: number, b: number, tolerance = 0.011): boolean {
  return Math.abs(a - b) <= tolerance + 1e-6 * Math.abs(b);
}

function price(snapshot: Snapshot, workspaceId: string, sku: string): number {
  const cloud = snapshot.workspaces.find((w) => w.id === workspaceId)?.cloud;
  const row = snapshot.prices.find((p) => p.cloud === cloud && p.sku_name === sku);
  if (row === undefined) throw new Error(`no price ${cloud} ${sku}`);
  return row.usd_per_dbu;
}

/** Independent re-implementation of the runtime lookup: "15.4.x-…" → table["15.4"] ?? table["15"]. */
function expectedEos(sparkVersion: string): string | null {
  const [major, minor] = sparkVersion.split('.');
  // Non-LTS releases in the sample, by hand: 16.2 ended at the latest 6 months after 16.4 LTS was released
  // (2025-05-09, its end of support 2028-05-09 − 3 years).
  const nonLts: Record<string, string> = { '16.2': '2025-11-09' };
  return DEFAULT_EOS[`${major}.${minor}`] ?? DEFAULT_EOS[major ?? ''] ?? nonLts[`${major}.${minor}`] ?? null;
}

/** Every violated invariant of a snapshot, as readable strings (empty = consistent). */
function violations(snapshot: Snapshot): string[] {
  const out: string[] = [];
  const check = (ok: boolean, resource: { kind: string; id: string }, what: string) => {
    if (!ok) out.push(`${resource.kind} ${resource.id}: ${what}`);
  };
  const windowHours = snapshot.window.days * 24;
  const clusters = new Map<string, ClusterResource>();
  const apHours = new Map<string, number>();
  const apTaskRuns = new Map<string, number>();
  for (const r of snapshot.resources) {
    for (const [name, value] of Object.entries(r.facts)) {
      if (typeof value === 'number') check(Number.isFinite(value) && value >= -366 * 10, r, `${name} finite`);
    }
    if (r.kind === 'cluster') clusters.set(`${r.workspaceId}|${r.id}`, r);
  }
  for (const r of snapshot.resources) {
    if (r.kind === 'warehouse') checkWarehouse(snapshot, r, check, windowHours);
    if (r.kind === 'cluster') checkCluster(snapshot, r, check, windowHours);
    if (r.kind === 'pipeline') checkPipeline(snapshot, r, check, windowHours);
    if (r.kind === 'job') {
      checkJob(snapshot, r, check);
      const onCluster = r.config.tasks.filter((t) => t.existing_cluster_id !== undefined);
      const ids = new Set(onCluster.map((t) => t.existing_cluster_id));
      check(ids.size <= 1, r, 'at most one all-purpose cluster');
      check(r.facts.allPurposeTaskHours > 0 === onCluster.length > 0, r, 'allPurposeTaskHours iff existing_cluster_id');
      for (const id of ids) {
        const key = `${r.workspaceId}|${id}`;
        const cluster = clusters.get(key);
        check(cluster !== undefined && cluster.config.cluster_source !== 'JOB', r, 'existing cluster is all-purpose');
        if (cluster === undefined) continue;
        check(
          close(r.facts.allPurposeDbus, r.facts.allPurposeTaskHours * cluster.facts.dbuPerHour),
          r,
          'allPurposeDbus',
        );
        apHours.set(key, (apHours.get(key) ?? 0) + r.facts.allPurposeTaskHours);
        apTaskRuns.set(key, (apTaskRuns.get(key) ?? 0) + r.facts.runs * onCluster.length);
      }
    }
  }
  const jobs = new Map(snapshot.resources.filter((r) => r.kind === 'job').map((j) => [`${j.workspaceId}|${j.id}`, j]));
  for (const cluster of clusters.values()) {
    if (cluster.config.cluster_source !== 'JOB') continue;
    const job = jobs.get(`${cluster.workspaceId}|${/^job-(\d+)-run-\d+$/.exec(cluster.name)?.[1]}`);
    check(job !== undefined, cluster, 'job cluster named after a job of its workspace');
    check(job?.tags.team === undefined || job.tags.team === cluster.tags.team, cluster, 'job cluster in its job team');
  }
  for (const [key, hours] of apHours) {
    const cluster = clusters.get(key);
    if (cluster === undefined) continue;
    check(hours <= cluster.facts.runningHours + 0.05, cluster, `attributed task hours ${hours} ≤ running hours`);
    check(cluster.facts.jobTaskRuns >= (apTaskRuns.get(key) ?? 0), cluster, 'jobTaskRuns ≥ task runs of jobs on it');
  }
  return out;
}

type Check = (ok: boolean, resource: { kind: string; id: string }, what: string) => void;

function checkPipeline(snapshot: Snapshot, r: PipelineResource, check: Check, windowHours: number): void {
  const f = r.facts;
  check(close(f.costUsd, f.dbus * f.usdPerDbu), r, 'costUsd = dbus × usdPerDbu');
  check(f.usdPerDbu === price(snapshot, r.workspaceId, 'PREMIUM_DLT_ADVANCED_COMPUTE'), r, 'DLT list price');
  check(
    (f.updateHours ?? Number.NaN) <= f.billedHours && f.billedHours <= windowHours,
    r,
    'updateHours ≤ billedHours ≤ window',
  );
  check((f.activeHours ?? Number.NaN) <= f.billedHours, r, 'activeHours ≤ billedHours');
  check(f.scheduledUpdates <= f.updates, r, 'scheduled ≤ updates');
  check(f.updateDays <= Math.min(f.updates, snapshot.window.days), r, 'updateDays ≤ updates, window days');
  check(!r.config.continuous || f.scheduledUpdates === 0, r, 'continuous pipelines are not scheduled');
}

function checkWarehouse(snapshot: Snapshot, r: WarehouseResource, check: Check, windowHours: number): void {
  const f = r.facts;
  const c = r.config;
  const sku = c.enable_serverless_compute
    ? 'PREMIUM_SERVERLESS_SQL_COMPUTE'
    : c.warehouse_type === 'PRO'
      ? 'PREMIUM_SQL_PRO_COMPUTE'
      : 'PREMIUM_SQL_COMPUTE';
  check(f.usdPerDbu === price(snapshot, r.workspaceId, sku), r, 'usdPerDbu = list price of its type');
  check(!c.enable_serverless_compute || c.warehouse_type === 'PRO', r, 'serverless is a PRO warehouse');
  check((f.idleTailCount ?? -1) >= (f.idleTailHours > 0 ? 1 : 0), r, 'an idle tail is counted');
  check(f.dbuPerHour === WAREHOUSE_DBU_PER_HOUR[c.cluster_size], r, 'dbuPerHour from the size table');
  check(close(f.costUsd, f.dbus * f.usdPerDbu), r, 'costUsd = dbus × usdPerDbu');
  check(close(f.dbus, f.clusterHours * f.dbuPerHour), r, 'dbus = clusterHours × dbuPerHour');
  check(c.min_num_clusters >= 1 && c.min_num_clusters <= c.max_num_clusters, r, 'min ≤ max clusters');
  check(f.runningHours > 0 && f.runningHours <= windowHours, r, 'runningHours within window');
  check(f.clusterHours >= f.runningHours * c.min_num_clusters - 0.01, r, 'clusterHours ≥ running × min');
  check(f.clusterHours <= f.runningHours * c.max_num_clusters + 0.01, r, 'clusterHours ≤ running × max');
  check(f.idleTailHours <= f.idleHours && f.idleHours <= f.runningHours, r, 'idleTail ≤ idle ≤ running');
  check(f.extraClusterIdleHours <= f.clusterHours - f.runningHours + 0.01, r, 'extra idle ≤ extra cluster hours');
  check(f.failedQueryCount <= f.queryCount, r, 'failed ≤ queries');
  check(f.queriesWithSpill <= f.queryCount && f.queuedQueries <= f.queryCount, r, 'spill/queued ≤ queries');
  check(f.spilledBytes > 0 === f.queriesWithSpill > 0, r, 'spilledBytes iff spill');
  check(f.queuedQueries > 0 || f.p95QueueMs === 0, r, 'no queue time without queued queries');
  check(f.utilizationPct >= 0 && f.utilizationPct <= 100, r, 'utilization percent');
}

function checkCluster(snapshot: Snapshot, r: ClusterResource, check: Check, windowHours: number): void {
  const f = r.facts;
  const c = r.config;
  const allPurpose = c.cluster_source === 'UI' || c.cluster_source === 'API';
  check(allPurpose || c.cluster_source === 'JOB', r, 'source UI/API/JOB');
  const sku = allPurpose ? 'PREMIUM_ALL_PURPOSE_COMPUTE' : 'PREMIUM_JOBS_COMPUTE';
  check(f.usdPerDbu === price(snapshot, r.workspaceId, sku), r, 'usdPerDbu = list price of the source');
  check(close(f.costUsd, f.dbus * f.usdPerDbu), r, 'costUsd = dbus × usdPerDbu');
  check(close(f.dbus, f.runningHours * f.dbuPerHour), r, 'dbus = runningHours × dbuPerHour');
  check(f.runningHours > 0 && f.runningHours <= windowHours, r, 'runningHours within window');
  check(f.idleHours <= f.runningHours, r, 'idle ≤ running');
  check(f.avgCpuPct >= 0 && f.avgCpuPct <= 100 && f.maxMemPct >= 0 && f.maxMemPct <= 100, r, 'percents');
  check(c.autoscale === undefined || c.autoscale.min_workers <= c.autoscale.max_workers, r, 'autoscale range');
  check(allPurpose || c.autotermination_minutes === 0, r, 'job clusters have no auto-termination');
  check(f.runtimeEndOfSupport === expectedEos(c.spark_version), r, 'runtimeEndOfSupport from the defaults');
  if (f.runtimeEndOfSupport !== null) {
    const days = (Date.parse(f.runtimeEndOfSupport) - Date.parse(snapshot.window.end)) / DAY_MS;
    check(f.runtimeDaysToEndOfSupport === days, r, 'runtimeDaysToEndOfSupport from window end');
  }
}

function checkJob(snapshot: Snapshot, r: JobResource, check: Check): void {
  const f = r.facts;
  check(f.runs >= 1 && f.failedRuns <= f.runs, r, 'failedRuns ≤ runs');
  check(f.consecutiveFailures <= f.failedRuns, r, 'consecutive ≤ failed');
  check(f.retryRuns <= f.runs && f.runawayRuns <= f.runs, r, 'retry/runaway ≤ runs');
  check(f.p50DurationSec > 0 && f.p50DurationSec <= f.p95DurationSec, r, 'p50 ≤ p95');
  check(f.p95DurationSec <= f.maxDurationSec, r, 'p95 ≤ max');
  check(f.runawayRuns > 0 === f.maxDurationSec > 3 * f.p50DurationSec, r, 'runaway runs iff max > 3 × p50');
  check(f.runawayRuns > 0 || f.runawayCostUsd === 0, r, 'no runaway cost without runaway runs');
  check(close(f.costUsd, f.dbus * f.usdPerDbu), r, 'costUsd = dbus × usdPerDbu');
  check(f.dbus >= f.allPurposeDbus, r, 'dbus include the all-purpose share');
  for (const part of [f.failedRunCostUsd, f.retryCostUsd, f.runawayCostUsd])
    check(part <= f.costUsd + 0.01, r, 'part ≤ cost');
  check(f.jobsUsdPerDbu === price(snapshot, r.workspaceId, 'PREMIUM_JOBS_COMPUTE'), r, 'jobs list price');
  check(f.allPurposeUsdPerDbu === price(snapshot, r.workspaceId, 'PREMIUM_ALL_PURPOSE_COMPUTE'), r, 'AP list price');
  check(r.config.timeout_seconds === 0 || f.maxDurationSec <= r.config.timeout_seconds, r, 'runs end before timeout');
  const keys = r.config.tasks.map((t) => t.task_key);
  check(keys.length >= 1 && keys.length <= 5 && new Set(keys).size === keys.length, r, '1-5 unique tasks');
}

describe('generateSnapshot', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateSnapshot({ seed: 7, resources: 500 });
    expect(generateSnapshot({ seed: 7, resources: 500 })).toEqual(a);
    const b = generateSnapshot({ seed: 8, resources: 500 });
    expect(b.resources.map((r) => r.id)).not.toEqual(a.resources.map((r) => r.id));
  });

  it('matches the committed sample, which validates with parseSnapshot', async () => {
    const text = await readFile('examples/sample-account.json', 'utf8');
    const sample = parseSnapshot(JSON.parse(text), 'examples/sample-account.json');
    expect(sample).toEqual(parseSnapshot(JSON.parse(JSON.stringify(generateSnapshot({ seed: 42 }))), 'generated'));
    expect(sample.source).toBe('synthetic');
    expect(new Set(sample.workspaces.map((w) => w.cloud))).toEqual(new Set(['AWS', 'AZURE']));
    expect(new Set(sample.workspaces.map((w) => w.region)).size).toBe(4);
    expect(countsFor(undefined)).toEqual({ warehouses: 36, clusters: 150, jobs: 400 });
  });

  it('keeps every fact consistent with its documented derivation (sample and another seed)', () => {
    const sample = generateSnapshot({ seed: 42 });
    expect(violations(sample)).toEqual([]);
    expect(violations(generateSnapshot({ seed: 99, resources: 3000, end: '2026-02-10', windowDays: 14 }))).toEqual([]);
  });

  it('sets the window from end and windowDays', () => {
    const s = generateSnapshot({ seed: 1, resources: 50, end: '2026-03-31', windowDays: 7, accountId: 'acct-1' });
    expect(s.window).toEqual({ start: '2026-03-25', end: '2026-03-31', days: 7 });
    expect(s.accountId).toBe('acct-1');
    expect(() => generateSnapshot({ seed: 1, windowDays: 3 })).toThrow(RangeError);
    expect(() => generateSnapshot({ seed: 1, end: '31/03/2026' })).toThrow(RangeError);
  });

  it('routes owners through team tags, owner emails, service principals and unowned jobs', () => {
    const { snapshot } = generateSyntheticAccount({ seed: 42 });
    const teams = new Set(snapshot.resources.map((r) => r.tags.team).filter((t) => t !== undefined));
    expect(teams).toEqual(new Set(TEAMS));
    const tagged = snapshot.resources.filter((r) => r.tags.owner !== undefined && r.tags.cost_center !== undefined);
    expect(tagged.length / snapshot.resources.length).toBeGreaterThan(0.8);
    expect(snapshot.resources.some((r) => /^[a-z]+\.[a-z]+@example\.com$/.test(r.tags.owner ?? ''))).toBe(true);
    const jobs = snapshot.resources.filter((r) => r.kind === 'job');
    const sps = new Set(SERVICE_PRINCIPALS.map((s) => s.applicationId));
    expect(jobs.some((j) => sps.has(j.owners.runAs ?? ''))).toBe(true);
    expect(jobs.some((j) => Object.keys(j.tags).length === 0 && Object.keys(j.owners).length === 0)).toBe(true);
    expect(snapshot.resources.some((r) => Object.keys(r.tags).length === 0 && r.owners.creator !== undefined)).toBe(
      true,
    );
  });

  it('scales to 10k resources with the same proportions', () => {
    const { snapshot, planted } = generateSyntheticAccount({ seed: 3, resources: 10_000 });
    expect(snapshot.resources).toHaveLength(10_000);
    const count = (kind: string) => snapshot.resources.filter((r) => r.kind === kind).length;
    expect([count('warehouse'), count('cluster'), count('job')]).toEqual([800, 3000, 6200]);
    expect(planted.length / 10_000).toBeGreaterThan(0.12);
    expect(planted.length / 10_000).toBeLessThan(0.25);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), '10k')).not.toThrow();
    expect(violations(snapshot)).toEqual([]);
  });
});

describe('rules on the sample account', () => {
  it('every rule in rules/ fires at least twice, only on resources planted for it, and on all of them', async () => {
    const files = await readRuleFiles('rules', RulesSection.parse({}));
    const ids = files.map((f) => f.compiled?.rule.id).filter((id): id is string => id !== undefined);
    expect(ids.length).toBeGreaterThan(0);
    const rules = await loadRules('rules', RulesSection.parse({}));
    const { snapshot, planted } = generateSyntheticAccount({ seed: 42 });
    const result = evaluateSnapshot(snapshot, rules);
    expect(result.errors).toEqual([]);
    const key = (r: { workspaceId: string; kind: string; id: string }) => `${r.workspaceId}|${r.kind}|${r.id}`;
    for (const id of ids) {
      const found = result.findings.filter((f) => f.ruleId === id).map((f) => key(f.resource));
      const expected = planted.filter((p) => p.problem === id).map(key);
      expect(found.length, `${id} fires at least twice`).toBeGreaterThanOrEqual(2);
      expect(found.sort(), `${id} fires exactly on its planted resources`).toEqual(expected.sort());
    }
  });
});

/** The sample account evaluated with the shipped rules: findings, and `kind|id` of flagged and planted resources. */
async function evaluateSample() {
  const rules = await loadRules('rules', RulesSection.parse({}));
  const { snapshot, planted } = generateSyntheticAccount({ seed: 42 });
  const { findings } = evaluateSnapshot(snapshot, rules);
  const flagged = new Set(findings.map((f) => `${f.resource.kind}|${f.resource.id}`));
  const plantedIds = new Set(planted.map((p) => `${p.kind}|${p.id}`));
  return { snapshot, planted, findings, flagged, plantedIds };
}

describe('decoys of the sample account (issue 15 false-alarm classes)', () => {
  it('carries healthy streaming jobs, task-timeout jobs, busy-but-light clusters and growing warehouses that no rule flags, and blank tags and non-LTS runtimes that are flagged', async () => {
    const { snapshot, findings, flagged, plantedIds } = await evaluateSample();
    const jobs = snapshot.resources.filter((r): r is JobResource => r.kind === 'job');
    const streaming = jobs.filter(
      (j) => j.config.continuous !== undefined && j.config.tasks.some((t) => t.max_retries === -1),
    );
    const taskTimeouts = jobs.filter(
      (j) =>
        j.config.timeout_seconds === 0 &&
        j.facts.runawayRuns > 0 &&
        j.config.tasks.every((t) => (t.timeout_seconds ?? 0) > 0),
    );
    const light = snapshot.resources.filter(
      (r): r is ClusterResource =>
        r.kind === 'cluster' &&
        r.config.state === 'RUNNING' &&
        r.facts.avgCpuPct < 10 &&
        r.facts.runningHours > 100 &&
        r.facts.idleHours <= 0.3 * r.facts.runningHours,
    );
    // Growing but healthy: statements (and failures with them) at least double, cost grows less than the spike
    // factor, the failure rate does not rise. A raw-count failure rule or a cost rule without a factor would fire.
    const growing = snapshot.resources.filter(
      (r): r is WarehouseResource =>
        r.kind === 'warehouse' &&
        (r.facts.queriesRecentPerDay ?? 0) >= 2 * (r.facts.queriesBaselinePerDay ?? Infinity) &&
        (r.facts.failuresRobustZ ?? 0) >= 3.5 &&
        (r.facts.costRecentUsdPerDay ?? 0) > 1.2 * (r.facts.costBaselineUsdPerDay ?? Infinity),
    );
    for (const w of growing) {
      expect(w.facts.failuresRateRecentPct ?? 0, w.id).toBeLessThan(2 * (w.facts.failuresRateBaselinePct ?? 0));
      expect(w.facts.costRecentUsdPerDay ?? 0, w.id).toBeLessThan(2 * (w.facts.costBaselineUsdPerDay ?? 0));
    }
    // Serverless jobs in performance-optimized mode whose standard runs were much slower: standard does not suffice.
    const needsOptimized = jobs.filter(
      (j) =>
        j.config.performance_target === 'PERFORMANCE_OPTIMIZED' &&
        (j.facts.standardModeP50DurationSec ?? 0) > 1.5 * (j.facts.optimizedModeP50DurationSec ?? Infinity),
    );
    for (const [name, decoys] of [
      ['performance-optimized that needs it', needsOptimized],
      ['streaming', streaming],
      ['task timeouts', taskTimeouts],
      ['busy-but-light', light],
      ['growing-but-healthy warehouses', growing],
    ] as const) {
      expect(decoys.length, name).toBeGreaterThanOrEqual(2);
      for (const d of decoys) {
        expect(plantedIds.has(`${d.kind}|${d.id}`), `${name} ${d.id} is healthy`).toBe(false);
        expect(flagged.has(`${d.kind}|${d.id}`), `${name} ${d.id} not flagged`).toBe(false);
      }
    }
    const blank = snapshot.resources.filter((r) => Object.values(r.tags).some((v) => v.trim() === ''));
    expect(blank.length).toBeGreaterThanOrEqual(2);
    for (const r of blank) {
      expect(findings.some((f) => f.ruleId.endsWith('-missing-tags') && f.resource.id === r.id)).toBe(true);
    }
    const nonLts = snapshot.resources.filter(
      (r): r is ClusterResource => r.kind === 'cluster' && r.config.spark_version.startsWith('16.2.'),
    );
    expect(nonLts.length).toBeGreaterThanOrEqual(1);
    for (const c of nonLts.filter((c) => c.config.cluster_source !== 'JOB')) {
      expect(findings.some((f) => f.ruleId === 'cluster-unsupported-runtime' && f.resource.id === c.id)).toBe(true);
    }
  });
});

describe('pipeline decoys of the sample account', () => {
  it('carries development pipelines run by hand, scheduled production pipelines, busy and new continuous pipelines that no rule flags', async () => {
    const { snapshot, flagged, plantedIds } = await evaluateSample();
    const pipelines = snapshot.resources.filter((r): r is PipelineResource => r.kind === 'pipeline');
    const decoys = {
      'development, run by hand': pipelines.filter(
        (p) => p.config.development && !p.config.continuous && p.facts.scheduledUpdates === 0,
      ),
      'production, scheduled': pipelines.filter(
        (p) => !p.config.development && !p.config.continuous && p.facts.scheduledUpdates >= 20,
      ),
      'continuous, busy': pipelines.filter(
        (p) =>
          !p.config.development &&
          p.config.continuous &&
          (p.facts.activeHours ?? Number.NaN) >= 0.5 * p.facts.billedHours,
      ),
      'continuous, little work, under a week': pipelines.filter(
        (p) =>
          p.config.continuous &&
          (p.facts.activeHours ?? Number.NaN) < 0.25 * p.facts.billedHours &&
          p.facts.billedHours < 168,
      ),
    };
    for (const [name, list] of Object.entries(decoys)) {
      expect(list.length, name).toBeGreaterThanOrEqual(2);
      for (const d of list) {
        expect(plantedIds.has(`pipeline|${d.id}`), `${name} ${d.id} is healthy`).toBe(false);
        expect(flagged.has(`pipeline|${d.id}`), `${name} ${d.id} not flagged`).toBe(false);
      }
    }
    expect([...plantedIds].filter((key) => key.startsWith('pipeline|')).length).toBeGreaterThanOrEqual(4);
  });
});

describe('savings totals of the sample account', () => {
  it("no resource's estimated savings exceed its cost in the window scaled to a month; excess is kept apart", async () => {
    const rules = await loadRules('rules', RulesSection.parse({}));
    const { snapshot } = generateSyntheticAccount({ seed: 42 });
    const { findings } = evaluateSnapshot(snapshot, rules);
    const cost = new Map(
      snapshot.resources.map((r) => [
        `${r.workspaceId}|${r.kind}|${r.id}`,
        'costUsd' in r.facts && typeof r.facts.costUsd === 'number' ? r.facts.costUsd : 0,
      ]),
    );
    const total = new Map<string, number>();
    for (const f of findings) {
      const key = `${f.resource.workspaceId}|${f.resource.kind}|${f.resource.id}`;
      total.set(key, (total.get(key) ?? 0) + f.estimate.usdPerMonth);
      if (f.excessCost !== undefined) expect(f.estimate.usdPerMonth, f.ruleId).toBe(0);
    }
    const above = [...total].filter(([key, usd]) => usd > ((cost.get(key) ?? 0) * 30) / snapshot.window.days + 0.01);
    expect(above).toEqual([]);
    // The workspace spikes are filed (their excess cost is not dropped by the savings floor).
    expect(findings.filter((f) => f.ruleId === 'workspace-cost-spike').length).toBeGreaterThanOrEqual(2);
    expect(findings.filter((f) => f.excessCost !== undefined).every((f) => (f.excessCost?.usdPerMonth ?? 0) > 0)).toBe(
      true,
    );
  });
});

describe('examples/lakewarden.yaml', () => {
  it('is valid and routes the six teams and every mapped service principal of the sample', async () => {
    const config = parseConfigText(await readFile('examples/lakewarden.yaml', 'utf8'), 'examples/lakewarden.yaml');
    expect(Object.keys(config.routing.teams).sort()).toEqual([...TEAMS].sort());
    for (const sp of SERVICE_PRINCIPALS) expect(config.routing.servicePrincipals[sp.applicationId]).toBe(sp.team);
    expect(config.routing.defaultQueue.labels).toEqual(['lw-triage']);
  });
});
