import { z } from 'zod';
import type { ExecTarget, StrategyExecutor } from '../executor.ts';
import { shortString } from '../field-bounds.ts';
import { settingsOf } from '../job-settings.ts';
import type { StrategyDefinition } from '../strategy.ts';
import type { WorkspaceApi } from '../workspace-api.ts';

type TagMap = Record<string, string>;

function asMap(value: unknown): TagMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function warehouseTags(warehouse: Record<string, unknown>): TagMap {
  const tags = warehouse.tags as { custom_tags?: Array<{ key?: unknown; value?: unknown }> } | undefined;
  const out: TagMap = {};
  for (const tag of tags?.custom_tags ?? []) if (typeof tag.key === 'string') out[tag.key] = String(tag.value ?? '');
  return out;
}

/** The target when add-tags covers its kind. @throws for any other kind (the strategy lists warehouse, cluster and job). */
function taggable(target: ExecTarget): ExecTarget & { kind: 'warehouse' | 'cluster' | 'job' } {
  const { kind } = target;
  if (kind === 'warehouse' || kind === 'cluster' || kind === 'job') return { ...target, kind };
  throw new Error(`add-tags does not apply to a ${kind} (the strategy lists warehouse, cluster and job)`);
}

async function readTags(
  api: WorkspaceApi,
  anyTarget: ExecTarget,
): Promise<{ tags: TagMap; state: string | undefined } | null> {
  const target = taggable(anyTarget);
  switch (target.kind) {
    case 'warehouse': {
      const w = await api.getWarehouse(target.id);
      return w === null ? null : { tags: warehouseTags(w), state: typeof w.state === 'string' ? w.state : undefined };
    }
    case 'cluster': {
      const c = await api.getCluster(target.id);
      return c === null
        ? null
        : { tags: asMap(c.custom_tags), state: typeof c.state === 'string' ? c.state : undefined };
    }
    case 'job': {
      const j = await api.getJob(target.id);
      return j === null ? null : { tags: asMap(settingsOf(j).tags), state: undefined };
    }
    default: {
      const unreachable: never = target.kind;
      throw new Error(`add-tags cannot handle ${String(unreachable)}`);
    }
  }
}

/** Writes the complete tag set (each API replaces the whole tags field). `null` values remove a key. */
async function writeTags(api: WorkspaceApi, anyTarget: ExecTarget, updates: Record<string, unknown>): Promise<void> {
  const target = taggable(anyTarget);
  const current = await readTags(api, target);
  if (current === null) return;
  const merged: TagMap = { ...current.tags };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = String(value);
  }
  switch (target.kind) {
    case 'warehouse':
      await api.editWarehouse(target.id, {
        tags: { custom_tags: Object.entries(merged).map(([key, value]) => ({ key, value })) },
      });
      return;
    case 'cluster':
      await api.updateCluster(target.id, { update_mask: 'custom_tags', cluster: { custom_tags: merged } });
      return;
    case 'job':
      await api.updateJob(target.id, { tags: merged });
      return;
    default: {
      const unreachable: never = target.kind;
      throw new Error(`add-tags cannot handle ${String(unreachable)}`);
    }
  }
}

const tagKey = (field: string): string => field.replace(/^tags\./, '');

/** Tags per kind: warehouse `edit` with the full `tags.custom_tags` list; cluster `clusters/update` mask `custom_tags`; job `jobs/update` `tags`. */
const addTagsExecutor: StrategyExecutor = {
  async read(api, target, changes) {
    const current = await readTags(api, target);
    if (current === null) return null;
    const values: Record<string, unknown> = {};
    for (const change of changes) values[change.field] = current.tags[tagKey(change.field)] ?? null;
    return { values, state: current.state };
  },
  async apply(api, target, changes) {
    await writeTags(api, target, Object.fromEntries(changes.map((c) => [tagKey(c.field), c.after])));
  },
  async rollback(api, target, previous) {
    await writeTags(api, target, Object.fromEntries(Object.entries(previous).map(([f, v]) => [tagKey(f), v])));
  },
  usesClusterUpdate: (target) => target.kind === 'cluster',
};

/**
 * Adds missing cost tags. Clusters: `clusters/update` mask `custom_tags` (restarts a RUNNING cluster);
 * warehouses: `edit` with the complete `tags.custom_tags` list (< 45); jobs: `jobs/update` `tags` (≤ 25).
 * Values the bot cannot know are left for the owner ("to supply").
 */
export const addTags: StrategyDefinition<{ tags: Record<string, string>; missing: string[] }> = {
  name: 'add-tags',
  description: 'Add missing cost-attribution tags.',
  kinds: ['warehouse', 'cluster', 'job'],
  operations: ['getWarehouse', 'editWarehouse', 'getCluster', 'updateCluster', 'getJob', 'updateJob'],
  fields: [{ path: 'tags.<key>', kinds: ['warehouse', 'cluster', 'job'], ...shortString(256) }],
  args: z.object({ tags: z.record(z.string(), z.string()).default({}), missing: z.array(z.string()).min(1) }),
  plan(resource, args) {
    const changes = args.missing.map((key) => ({
      field: `tags.${key}`,
      before: resource.tags[key] ?? null,
      after: args.tags[key] ?? '(owner to supply)',
    }));
    const running = resource.kind === 'cluster' && resource.config.state === 'RUNNING';
    return {
      changes,
      risk: running
        ? 'Tags on a RUNNING cluster apply through clusters/update, which restarts it. Tags change billing attribution only.'
        : 'Tags change billing attribution and reports only; workloads are not affected.',
      restarts: running,
    };
  },
  executor: addTagsExecutor,
};
