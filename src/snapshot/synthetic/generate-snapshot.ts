import { RulesSection } from '../../config/rules-section.ts';
import { DEFAULT_BASELINE_DAYS, DEFAULT_RECENT_DAYS } from '../../stats/periods.ts';
import {
  type ClusterResource,
  type JobResource,
  type Resource,
  type ResourceKind,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type WarehouseResource,
} from '../schema.ts';
import { makeCluster } from './make-cluster.ts';
import type { MakeContext } from './make-context.ts';
import { type AllPurposeTarget, makeJob } from './make-job.ts';
import { makePipeline, PIPELINE_DECOYS } from './make-pipeline.ts';
import { makeTable } from './make-table.ts';
import { makeWarehouse } from './make-warehouse.ts';
import { makeWorkspaceResource } from './make-workspace-resource.ts';
import { plantAnomalies } from './plant-anomalies.ts';
import { PERFORMANCE_PROBLEM, plantPerformanceModes } from './plant-performance-modes.ts';
import { LIST_PRICES, listPrice } from './prices.ts';
import {
  assignProblems,
  CLUSTER_PROBLEMS,
  JOB_PROBLEMS,
  PIPELINE_PROBLEMS,
  type Problem,
  TABLE_PROBLEMS,
  WAREHOUSE_PROBLEMS,
  WORKSPACE_PROBLEMS,
} from './problems.ts';
import { createRng, type Rng } from './rng.ts';
import { SYNTHETIC_WORKSPACES, type SyntheticWorkspace } from './workspaces.ts';

export interface GenerateOptions {
  /** Seed of the pseudo-random stream: same seed and options → identical snapshot. */
  seed: number;
  /**
   * Total resources. Unset = the bundled sample's mix (36 warehouses, 150 clusters, 400 jobs);
   * set = about 8 % warehouses, 30 % clusters, 62 % jobs.
   */
  resources?: number;
  /** Account id; default derived from the seed. */
  accountId?: string;
  /** Last day of the window, YYYY-MM-DD (UTC). Default 2026-11-15. */
  end?: string;
  /** Window length in days (≥ 7). Default 30. */
  windowDays?: number;
  /**
   * Unity Catalog tables (predictive-optimization history) added after the other resources, from a third
   * random stream so everything else is unchanged. Default: 24 with the bundled sample's mix (`resources`
   * unset), 0 when `resources` is set (so `resources` stays the exact total).
   */
  tables?: number;
  /**
   * Add one `workspace` resource per workspace (daily cost of the whole workspace), from a fourth random stream.
   * Default: true with the bundled sample's mix (`resources` unset), false when `resources` is set.
   */
  workspaceResources?: boolean;
  /**
   * Lakeflow Declarative Pipelines added last, from a fifth random stream so everything else is unchanged.
   * Default: 16 with the bundled sample's mix (`resources` unset), 0 when `resources` is set.
   */
  pipelines?: number;
}

/** A problem planted on purpose: the resource and the id of the rule that should find it. */
export interface PlantedProblem {
  workspaceId: string;
  kind: ResourceKind;
  id: string;
  problem: Problem;
}

/** A generated account and the list of problems planted in it (for tests of the rules). */
export interface SyntheticAccount {
  snapshot: Snapshot;
  planted: PlantedProblem[];
}

/** Share of resources that carry a problem, per kind (at least two per problem). */
const PROBLEM_SHARE = { warehouse: 0.42, cluster: 0.18, job: 0.15 } as const;
const DEFAULT_END = '2026-11-15';
const DAY_MS = 86_400_000;
/** Mixed into the seed for the second random stream (series and anomalies), so the first stream is unchanged. */
const SERIES_STREAM = 0x5e71e5;
/** Mixed into the seed for the third random stream (tables), so the first two are unchanged. */
const TABLE_STREAM = 0x7ab1e5;
/** Tables in the bundled sample's mix, and the share of them with a planted problem. */
const DEFAULT_TABLES = 24;
const TABLE_PROBLEM_SHARE = 0.15;
/** Mixed into the seed for the fourth random stream (workspace resources). */
const WORKSPACE_STREAM = 0x3b5ace;
/** Seed offset of the serverless performance-mode stream (plant-performance-modes.ts). */
const PERFORMANCE_STREAM = 0x9e7f0a;
/** Mixed into the seed for the pipeline stream; pipelines in the bundled mix and the share with a problem. */
const PIPELINE_STREAM = 0xd17e11;
const DEFAULT_PIPELINES = 16;
const PIPELINE_PROBLEM_SHARE = 0.3;

/**
 * Generates a deterministic synthetic account snapshot (source "synthetic"): four workspaces on AWS and
 * Azure, list prices per SKU, warehouses, all-purpose and job clusters, jobs, Unity Catalog tables and pipelines, with
 * internally consistent facts. A minority of resources carry one planted problem each; the rest are healthy.
 */
export function generateSnapshot(options: GenerateOptions): Snapshot {
  return generateSyntheticAccount(options).snapshot;
}

/** Like generateSnapshot, and also returns which resource carries which planted problem. */
export function generateSyntheticAccount(options: GenerateOptions): SyntheticAccount {
  const rng = createRng(options.seed);
  const windowDays = options.windowDays ?? 30;
  if (!Number.isInteger(windowDays) || windowDays < 7) throw new RangeError('windowDays must be an integer ≥ 7');
  const end = options.end ?? DEFAULT_END;
  const endMs = Date.parse(`${end}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(endMs)) throw new RangeError('end must be YYYY-MM-DD');
  const counts = countsFor(options.resources);
  const accountId = options.accountId ?? rng.uuid();
  const endOfSupport = RulesSection.parse({}).runtimeEndOfSupport;
  const context = (): MakeContext => {
    const site = rng.pick(SYNTHETIC_WORKSPACES);
    return { rng, site, team: rng.pick(site.teams), windowDays, end, endOfSupport };
  };
  const planted: PlantedProblem[] = [];
  const plant = (resource: Resource, problem: Problem | null): void => {
    if (problem !== null)
      planted.push({ workspaceId: resource.workspaceId, kind: resource.kind, id: resource.id, problem });
  };

  const warehouseIds = uniqueIds(counts.warehouses, () => rng.hex(16));
  const clusterIds = uniqueIds(counts.clusters, () => clusterId(rng));
  const jobIds = uniqueIds(counts.jobs, () => rng.digits(rng.int(12, 16)));

  const warehouses: WarehouseResource[] = [];
  const warehouseProblems = assignProblems(rng, counts.warehouses, WAREHOUSE_PROBLEMS, PROBLEM_SHARE.warehouse);
  for (const [i, id] of warehouseIds.entries()) {
    const problem = warehouseProblems[i] ?? null;
    const resource = makeWarehouse(context(), id, problem);
    warehouses.push(resource);
    plant(resource, problem);
  }

  // Jobs get their workspace and team first, so each job cluster belongs to a job of its workspace and team.
  const jobProblems = assignProblems(rng, counts.jobs, JOB_PROBLEMS, PROBLEM_SHARE.job);
  const jobContexts = jobIds.map(() => context());
  const clusterJobs = jobIds
    .map((id, i) => ({ id, ctx: jobContexts[i] ?? context(), problem: jobProblems[i] ?? null }))
    .filter((job) => job.problem !== 'job-on-all-purpose-compute');

  const clusters: ClusterResource[] = [];
  const targets = new Map<string, AllPurposeTarget[]>();
  const clusterProblems = assignProblems(rng, counts.clusters, CLUSTER_PROBLEMS, PROBLEM_SHARE.cluster);
  for (const [i, id] of clusterIds.entries()) {
    const problem = clusterProblems[i] ?? null;
    // Every cluster rule targets all-purpose compute (a job cluster lives for one run), so problems go there.
    const allPurpose = problem !== null || clusterJobs.length === 0 || rng.chance(0.45);
    const job = allPurpose ? undefined : rng.pick(clusterJobs);
    const resource = makeCluster(job?.ctx ?? context(), id, problem, job?.id ?? null);
    clusters.push(resource);
    plant(resource, problem);
    if (problem === null && resource.config.cluster_source !== 'JOB') {
      const list = targets.get(resource.workspaceId) ?? [];
      list.push({ cluster: resource, availableHours: resource.facts.runningHours });
      targets.set(resource.workspaceId, list);
    }
  }

  const jobs: JobResource[] = [];
  for (const [i, id] of jobIds.entries()) {
    let problem = jobProblems[i] ?? null;
    let ctx = jobContexts[i] ?? context();
    let target: AllPurposeTarget | undefined;
    if (problem === 'job-on-all-purpose-compute') {
      const site = siteWithTargets(rng, ctx.site, targets);
      if (site === undefined) problem = null;
      else {
        ctx = { ...ctx, site, team: rng.pick(site.teams) };
        target = pickTarget(rng, targets.get(site.workspace.id) ?? []);
      }
    }
    const resource = makeJob(ctx, id, problem, target);
    jobs.push(resource);
    plant(resource, problem);
  }

  // Serverless jobs in performance-optimized mode (planted and decoys), on their own stream, before the series.
  const plantedJobs = new Set(planted.filter((p) => p.kind === 'job').map((p) => p.id));
  const performance = plantPerformanceModes(
    createRng((options.seed ^ PERFORMANCE_STREAM) >>> 0),
    jobs.filter((j) => !plantedJobs.has(j.id)),
    (job) => {
      const site = SYNTHETIC_WORKSPACES.find((w) => w.workspace.id === job.workspaceId);
      return site === undefined
        ? job.facts.usdPerDbu
        : listPrice(site.workspace.cloud, site.tier, 'JOBS_SERVERLESS_COMPUTE');
    },
  );
  for (const job of performance.planted) plant(job, PERFORMANCE_PROBLEM);

  const periods = { baselineDays: DEFAULT_BASELINE_DAYS, windowDays, recentDays: DEFAULT_RECENT_DAYS };
  const windowStartMs = endMs - (windowDays - 1) * DAY_MS;
  const baselineStartMs = windowStartMs - periods.baselineDays * DAY_MS;
  const firstWave = new Set(planted.map((p) => `${p.workspaceId}|${p.kind}|${p.id}`));
  // Performance-mode decoys stay free of anomalies too, so a test can tell they are not flagged.
  for (const job of performance.decoys) firstWave.add(`${job.workspaceId}|${job.kind}|${job.id}`);
  const resources: Resource[] = [...warehouses, ...clusters, ...jobs];
  const anomalies = plantAnomalies(
    createRng((options.seed ^ SERIES_STREAM) >>> 0),
    resources,
    (r) => !firstWave.has(`${r.workspaceId}|${r.kind}|${r.id}`),
    periods,
    baselineStartMs,
  );
  for (const { resource, problem } of anomalies) plant(resource, problem);

  const tableCount = options.tables ?? (options.resources === undefined ? DEFAULT_TABLES : 0);
  if (!Number.isInteger(tableCount) || tableCount < 0) throw new RangeError('tables must be a non-negative integer');
  const tableRng = createRng((options.seed ^ TABLE_STREAM) >>> 0);
  const tableProblems = assignProblems(tableRng, tableCount, TABLE_PROBLEMS, TABLE_PROBLEM_SHARE);
  const tableIds = uniqueIds(tableCount, () => tableRng.uuid());
  for (const [i, id] of tableIds.entries()) {
    const site = tableRng.pick(SYNTHETIC_WORKSPACES);
    const ctx: MakeContext = { rng: tableRng, site, team: tableRng.pick(site.teams), windowDays, end, endOfSupport };
    const problem = tableProblems[i] ?? null;
    const table = makeTable(ctx, id, problem, periods.baselineDays + windowDays, periods.recentDays);
    resources.push(table);
    plant(table, problem);
  }

  if (options.workspaceResources ?? options.resources === undefined) {
    const wsRng = createRng((options.seed ^ WORKSPACE_STREAM) >>> 0);
    const spikes = assignProblems(wsRng, SYNTHETIC_WORKSPACES.length, WORKSPACE_PROBLEMS, 0.5);
    const made = SYNTHETIC_WORKSPACES.map((site, i) =>
      makeWorkspaceResource(
        wsRng,
        site,
        resources,
        spikes[i] !== null && spikes[i] !== undefined,
        periods,
        baselineStartMs,
      ),
    );
    for (const [i, workspace] of made.entries()) {
      resources.push(workspace);
      plant(workspace, spikes[i] ?? null);
    }
  }

  const pipelineCount = options.pipelines ?? (options.resources === undefined ? DEFAULT_PIPELINES : 0);
  if (!Number.isInteger(pipelineCount) || pipelineCount < 0)
    throw new RangeError('pipelines must be a non-negative integer');
  const pipelineRng = createRng((options.seed ^ PIPELINE_STREAM) >>> 0);
  const pipelineProblems = assignProblems(pipelineRng, pipelineCount, PIPELINE_PROBLEMS, PIPELINE_PROBLEM_SHARE);
  let healthyPipelines = 0;
  for (const [i, id] of uniqueIds(pipelineCount, () => pipelineRng.uuid()).entries()) {
    const site = pipelineRng.pick(SYNTHETIC_WORKSPACES);
    const ctx: MakeContext = {
      rng: pipelineRng,
      site,
      team: pipelineRng.pick(site.teams),
      windowDays,
      end,
      endOfSupport,
    };
    const problem = pipelineProblems[i] ?? null;
    // Healthy pipelines take each decoy shape in turn, so every shape is in the sample.
    const decoy = PIPELINE_DECOYS[problem === null ? healthyPipelines++ % PIPELINE_DECOYS.length : 0] ?? 'dev-manual';
    const pipeline = makePipeline(ctx, id, problem, decoy);
    resources.push(pipeline);
    plant(pipeline, problem);
  }

  return {
    snapshot: {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      accountId,
      generatedAt: new Date(endMs + DAY_MS + 6 * 3_600_000).toISOString(),
      window: { start: new Date(endMs - (windowDays - 1) * DAY_MS).toISOString().slice(0, 10), end, days: windowDays },
      source: 'synthetic',
      baseline: {
        start: new Date(baselineStartMs).toISOString().slice(0, 10),
        days: periods.baselineDays,
        recentDays: periods.recentDays,
      },
      workspaces: SYNTHETIC_WORKSPACES.map((s) => ({ ...s.workspace })),
      prices: LIST_PRICES.map((p) => ({ ...p })),
      resources,
    },
    planted,
  };
}

/** Resource counts per kind for `resources` (see GenerateOptions.resources). */
export function countsFor(resources: number | undefined): { warehouses: number; clusters: number; jobs: number } {
  if (resources === undefined) return { warehouses: 36, clusters: 150, jobs: 400 };
  if (!Number.isInteger(resources) || resources < 0) throw new RangeError('resources must be a non-negative integer');
  const warehouses = Math.round(resources * 0.08);
  const clusters = Math.round(resources * 0.3);
  return { warehouses, clusters, jobs: resources - warehouses - clusters };
}

function uniqueIds(count: number, make: () => string): string[] {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(make());
  return [...seen];
}

/** A cluster id in the REST format `MMDD-HHMMSS-xxxxxxxx`. */
function clusterId(rng: Rng): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += alphabet[rng.int(0, alphabet.length - 1)];
  return `${two(rng.int(1, 12))}${two(rng.int(1, 28))}-${two(rng.int(0, 23))}${two(rng.int(0, 59))}${two(rng.int(0, 59))}-${suffix}`;
}

function siteWithTargets(
  rng: Rng,
  preferred: SyntheticWorkspace,
  targets: ReadonlyMap<string, AllPurposeTarget[]>,
): SyntheticWorkspace | undefined {
  if ((targets.get(preferred.workspace.id)?.length ?? 0) > 0) return preferred;
  const others = SYNTHETIC_WORKSPACES.filter((s) => (targets.get(s.workspace.id)?.length ?? 0) > 0);
  return others.length > 0 ? rng.pick(others) : undefined;
}

/** A random healthy all-purpose cluster with spare running hours, else the one with the most spare hours. */
function pickTarget(rng: Rng, candidates: readonly AllPurposeTarget[]): AllPurposeTarget | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = rng.pick(candidates);
    if (candidate.availableHours >= 3) return candidate;
  }
  let best: AllPurposeTarget | undefined;
  for (const candidate of candidates)
    if (best === undefined || candidate.availableHours > best.availableHours) best = candidate;
  return best;
}
