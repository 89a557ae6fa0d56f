import type { ExecChange, StrategyExecutor } from '../executor.ts';
import { sameValue } from '../same-value.ts';
import { settingsOf } from './job-settings.ts';

const FIELD = /^tasks\[(.+)\]\.([a-z_]+)$/;

type Task = Record<string, unknown> & { task_key: string };

function tasksOf(job: Record<string, unknown>): Task[] {
  const tasks = settingsOf(job).tasks;
  return Array.isArray(tasks) ? (tasks as Task[]) : [];
}

function parseField(field: string): { taskKey: string; key: string } | undefined {
  const match = FIELD.exec(field);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { taskKey: match[1], key: match[2] };
}

/**
 * Builds `new_settings.tasks` for the fields `tasks[<task_key>].<field>` whose value must change:
 * jobs/update replaces a matched task WHOLE, so each changed task is the complete current task object
 * with only the planned fields replaced; tasks without a change are not sent (and stay untouched).
 */
function changedTasks(tasks: readonly Task[], values: ReadonlyArray<{ field: string; value: unknown }>): Task[] {
  const byKey = new Map<string, Task>();
  for (const { field, value } of values) {
    const parsed = parseField(field);
    if (parsed === undefined) continue;
    const current = byKey.get(parsed.taskKey) ?? tasks.find((t) => t.task_key === parsed.taskKey);
    if (current === undefined) continue;
    byKey.set(parsed.taskKey, { ...current, [parsed.key]: value });
  }
  return [...byKey.values()];
}

/** `jobs/update` merging tasks by `task_key` (never jobs/reset); see {@link changedTasks}. */
export const jobRetriesExecutor: StrategyExecutor = {
  strategy: 'job-retries',
  async read(api, target, changes: readonly ExecChange[]) {
    const job = await api.getJob(target.id);
    if (job === null) return null;
    const tasks = tasksOf(job);
    const values: Record<string, unknown> = {};
    for (const change of changes) {
      const parsed = parseField(change.field);
      const task = parsed === undefined ? undefined : tasks.find((t) => t.task_key === parsed.taskKey);
      values[change.field] = task === undefined || parsed === undefined ? '(task missing)' : task[parsed.key];
    }
    return { values, state: undefined };
  },
  async apply(api, target, changes, observed) {
    const job = await api.getJob(target.id);
    if (job === null) return;
    const pending = changes
      .filter((c) => !sameValue(observed.values[c.field], c.after))
      .map((c) => ({ field: c.field, value: c.after }));
    const tasks = changedTasks(tasksOf(job), pending);
    if (tasks.length > 0) await api.updateJob(target.id, { tasks });
  },
  async rollback(api, target, previous) {
    const job = await api.getJob(target.id);
    if (job === null) return;
    const tasks = changedTasks(
      tasksOf(job),
      Object.entries(previous).map(([field, value]) => ({ field, value })),
    );
    if (tasks.length > 0) await api.updateJob(target.id, { tasks });
  },
  usesClusterUpdate: () => false,
};
