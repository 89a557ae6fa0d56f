import type { PipelineResource } from '../schema.ts';
import type { MakeContext } from './make-context.ts';
import { STEMS } from './names.ts';
import { makeOwnership } from './ownership.ts';
import { listPrice } from './prices.ts';
import type { PipelineProblem } from './problems.ts';
import { round } from './rng.ts';

/**
 * Healthy pipeline shapes, chosen in turn so the sample carries each as a decoy of the pipeline rules:
 * a development pipeline only run by hand, a production pipeline on a daily schedule, a busy continuous pipeline,
 * and a continuous pipeline with little work that started less than a week ago (too early to judge).
 */
export const PIPELINE_DECOYS = ['dev-manual', 'prod-scheduled', 'continuous-busy', 'continuous-new'] as const;
export type PipelineDecoy = (typeof PIPELINE_DECOYS)[number];

/** Hours a development-mode cluster stays up after an update (the documented default, two hours). */
const DEV_KEEP_ALIVE_HOURS = 2;

/**
 * One Lakeflow Declarative Pipeline (schema.ts PipelineConfig/PipelineFacts), ADVANCED edition on classic
 * compute. `pipeline-development-mode-scheduled` plants a development pipeline on a schedule (daily job-task
 * updates, each leaving the cluster up two hours, or a busy continuous one); `pipeline-continuous-little-work`
 * plants a continuous production pipeline up all window that writes rows in 3–15 % of its hours. A healthy
 * pipeline takes the shape `decoy`. Facts are consistent: costUsd = dbus × usdPerDbu, dbus = billedHours ×
 * DBU/hour, updateHours ≤ billedHours ≤ window hours, activeHours ≤ billedHours, scheduledUpdates ≤ updates,
 * updateDays ≤ min(updates, window days).
 */
export function makePipeline(
  ctx: MakeContext,
  id: string,
  problem: PipelineProblem | null,
  decoy: PipelineDecoy,
): PipelineResource {
  const { rng, team, site, windowDays } = ctx;
  const { tags, owners } = makeOwnership(rng, 'pipeline', team, false);
  const windowHours = windowDays * 24;
  const shape =
    problem === 'pipeline-development-mode-scheduled'
      ? rng.chance(0.3)
        ? 'dev-continuous'
        : 'dev-scheduled'
      : problem === 'pipeline-continuous-little-work'
        ? 'continuous-idle'
        : decoy;
  const development = shape === 'dev-continuous' || shape === 'dev-scheduled' || shape === 'dev-manual';
  const continuous = ['dev-continuous', 'continuous-idle', 'continuous-busy', 'continuous-new'].includes(shape);
  let updates: number;
  let scheduledUpdates = 0;
  let updateDays: number;
  let updateHours: number;
  let billedHours: number;
  let activeHours: number;
  if (continuous) {
    updates = rng.int(1, 4);
    updateDays = updates;
    billedHours = shape === 'continuous-new' ? rng.int(40, 150) : Math.round(windowHours * rng.float(0.9, 1));
    updateHours = billedHours;
    const activeShare =
      shape === 'continuous-idle'
        ? rng.float(0.03, 0.15)
        : shape === 'continuous-new'
          ? rng.float(0.02, 0.1)
          : rng.float(0.6, 0.95);
    activeHours = Math.round(billedHours * activeShare);
  } else {
    const manual = shape === 'dev-manual';
    updates = manual ? rng.int(1, 4) : windowDays - rng.int(0, 2);
    scheduledUpdates = manual ? 0 : updates;
    updateDays = manual ? Math.min(updates, 2) : updates;
    const perUpdate = rng.float(0.2, 1.5);
    updateHours = round(updates * perUpdate);
    // Hourly billing: each update touches a partial hour more than it ran; development keeps the cluster up after.
    const perUpdateBilled = Math.ceil(perUpdate + rng.float(0.05, 0.4)) + (development ? DEV_KEEP_ALIVE_HOURS : 0);
    billedHours = Math.min(windowHours, updates * perUpdateBilled);
    activeHours = Math.max(1, Math.round(updateHours * rng.float(0.5, 0.9)));
  }
  const workers = rng.int(1, 8);
  const dbuPerHour = round((workers + 1) * rng.float(0.75, 1.5));
  const dbus = round(billedHours * dbuPerHour);
  const usdPerDbu = listPrice(site.workspace.cloud, site.tier, 'DLT_ADVANCED_COMPUTE');
  const stem = rng.pick(STEMS[team]);
  const cron = shape === 'dev-scheduled' && rng.chance(0.3) ? '0 0 2 * * ?' : undefined;
  return {
    kind: 'pipeline',
    workspaceId: site.workspace.id,
    id,
    name: `${stem}-pipeline`,
    tags,
    owners,
    config: {
      development,
      continuous,
      serverless: false,
      edition: 'ADVANCED',
      photon: rng.chance(0.5),
      channel: 'CURRENT',
      catalog: `${tags.env ?? 'prod'}_${team.replace('-', '_')}`,
      target: rng.pick(['bronze', 'silver', 'gold'] as const),
      ...(cron === undefined ? {} : { trigger_cron: cron }),
      clusters: [{ label: 'default', autoscale: { min_workers: 1, max_workers: workers, mode: 'ENHANCED' } }],
      state: continuous ? 'RUNNING' : 'IDLE',
    },
    facts: {
      dbus,
      costUsd: round(dbus * usdPerDbu),
      usdPerDbu,
      billedHours,
      updates,
      scheduledUpdates,
      updateDays,
      updateHours,
      activeHours,
      outputRows: activeHours * rng.int(10_000, 5_000_000),
    },
  };
}
