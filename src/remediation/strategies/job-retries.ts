import { z } from 'zod';
import { intBetween } from '../field-bounds.ts';
import { settingsOf } from '../job-settings.ts';
import { sameValue } from '../same-value.ts';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * `tasks[<task_key>].max_retries` or `tasks[<task_key>].min_retry_interval_millis`; a task_key is letters, digits,
 * `_` and `-` (≤ 100, jobs API).
 */
const FIELD = /^tasks\[([\w-]{1,100})\]\.(max_retries|min_retry_interval_millis)$/;

/** The task settings this strategy writes; an absent `min_retry_interval_millis` means 0 (jobs API default). */
type TaskField = 'max_retries' | 'min_retry_interval_millis';

type Task = Record<string, unknown> & { task_key: string };

function tasksOf(job: Record<string, unknown>): Task[] {
  const tasks = settingsOf(job).tasks;
  return Array.isArray(tasks) ? (tasks as Task[]) : [];
}

function parseField(field: string): { taskKey: string; name: TaskField } | undefined {
  const match = FIELD.exec(field);
  return match?.[1] === undefined ? undefined : { taskKey: match[1], name: match[2] as TaskField };
}

function fieldValue(task: Task, name: TaskField): unknown {
  return name === 'min_retry_interval_millis' ? (task[name] ?? 0) : task[name];
}

/**
 * Builds `new_settings.tasks` for the task values that must change: jobs/update replaces a matched task WHOLE,
 * so each changed task is the complete current task object with only `max_retries` and/or
 * `min_retry_interval_millis` replaced; tasks without a change are not sent (and stay untouched). The guarded
 * API (declaration.ts) checks that every other key of a sent task equals what was just read.
 */
function changedTasks(tasks: readonly Task[], values: ReadonlyArray<{ field: string; value: unknown }>): Task[] {
  const byKey = new Map<string, Task>();
  for (const { field, value } of values) {
    const parsed = parseField(field);
    if (parsed === undefined) continue;
    const current = byKey.get(parsed.taskKey) ?? tasks.find((t) => t.task_key === parsed.taskKey);
    if (current === undefined) continue;
    byKey.set(parsed.taskKey, { ...current, [parsed.name]: value });
  }
  return [...byKey.values()];
}

/**
 * Bounds task retries: sets `max_retries` (0–10) on every task with unbounded or excessive retries and, on those
 * tasks, raises `min_retry_interval_millis` to the rule's `min_retry_interval_millis` when it is shorter (absent
 * = 0, https://docs.databricks.com/api/workspace/jobs/create), with `jobs/update` merging tasks by `task_key`
 * (never `jobs/reset`; https://docs.databricks.com/api/workspace/jobs/update).
 */
export const jobRetries: StrategyDefinition<{ max_retries: number; min_retry_interval_millis: number }> = {
  name: 'job-retries',
  description: 'Bound task retries (max_retries) task by task.',
  kinds: ['job'],
  operations: ['getJob', 'updateJob'],
  fields: [
    { path: 'tasks[<task_key>].max_retries', kinds: ['job'], ...intBetween(0, 10, 'retries') },
    { path: 'tasks[<task_key>].min_retry_interval_millis', kinds: ['job'], ...intBetween(0, 3_600_000, 'ms') },
  ],
  args: z.object({
    max_retries: z.number().int().min(0).max(10),
    min_retry_interval_millis: z.number().int().min(0).max(3_600_000),
  }),
  plan(resource, args) {
    if (resource.kind !== 'job') throw new Error('job-retries applies to jobs');
    const changes = resource.config.tasks
      .filter((t) => t.max_retries !== undefined && (t.max_retries < 0 || t.max_retries > args.max_retries))
      .flatMap((t) => {
        const interval = t.min_retry_interval_millis ?? 0;
        return [
          { field: `tasks[${t.task_key}].max_retries`, before: t.max_retries, after: args.max_retries },
          ...(args.max_retries > 0 && interval < args.min_retry_interval_millis
            ? [
                {
                  field: `tasks[${t.task_key}].min_retry_interval_millis`,
                  before: interval,
                  after: args.min_retry_interval_millis,
                },
              ]
            : []),
        ];
      });
    return {
      changes,
      risk: 'A failing task stops after the bounded retries instead of retrying indefinitely; the run then fails and alerts its owners.',
      restarts: false,
    };
  },
  executor: {
    async read(api, target, changes) {
      const job = await api.getJob(target.id);
      if (job === null) return null;
      const tasks = tasksOf(job);
      const values: Record<string, unknown> = {};
      for (const change of changes) {
        const parsed = parseField(change.field);
        const task = parsed === undefined ? undefined : tasks.find((t) => t.task_key === parsed.taskKey);
        values[change.field] =
          task === undefined || parsed === undefined ? '(task missing)' : fieldValue(task, parsed.name);
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
  },
};
