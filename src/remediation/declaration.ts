import type { FieldChange } from '../findings/field-change.ts';
import type { ResourceKind } from '../snapshot/schema.ts';
import type { ExecTarget } from './executor.ts';
import { sameValue } from './same-value.ts';
import type { FieldDeclaration, StrategyDefinition } from './strategy.ts';
import { type ApiObject, WORKSPACE_OPERATIONS, type WorkspaceApi, WriteRejectedError } from './workspace-api.ts';

/**
 * A call or a change outside the strategy's declaration. Nothing was sent to Databricks, so it is a
 * {@link WriteRejectedError}: the action fails without a read-back retry.
 */
export class DeclarationError extends WriteRejectedError {}

/** What each placeholder of a declared path may stand for: a name, never a path. */
const PLACEHOLDERS: Record<string, string> = {
  '<task_key>': '[\\w-]{1,100}',
  '<key>': '[\\w.:/=+@ -]{1,127}',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patternOf(path: string): RegExp {
  let source = escapeRegExp(path);
  for (const [placeholder, name] of Object.entries(PLACEHOLDERS))
    source = source.replace(escapeRegExp(placeholder), name);
  return new RegExp(`^${source}$`);
}

/** The declaration of `field` on a `kind` resource, or undefined (= not allowed). */
export function declaredField(
  strategy: Pick<StrategyDefinition<never>, 'fields'>,
  kind: ResourceKind,
  field: string,
): FieldDeclaration | undefined {
  return strategy.fields.find((d) => d.kinds.includes(kind) && patternOf(d.path).test(field));
}

/**
 * Checks a plan against the strategy's declaration (deny by default): every change must name a declared
 * field of the target's kind and its target value must be within the field's bound (not checked when
 * `bounds` is false: a rollback restores values lakewarden read before its own write).
 * @returns null when the plan is inside the declaration, else why not (plain words).
 */
export function checkDeclaration(
  strategy: StrategyDefinition<never>,
  kind: ResourceKind,
  changes: readonly FieldChange[],
  options: { bounds: boolean } = { bounds: true },
): string | null {
  if (!strategy.kinds.includes(kind)) return `Strategy ${strategy.name} does not apply to a ${kind}.`;
  if (changes.length === 0) return 'The plan has no change.';
  for (const change of changes) {
    const declaration = declaredField(strategy, kind, change.field);
    if (declaration === undefined) {
      return `Strategy ${strategy.name} may not change ${JSON.stringify(change.field)} on a ${kind}; it may change only ${strategy.fields.map((f) => f.path).join(', ') || 'nothing'}.`;
    }
    const problem = options.bounds ? declaration.check(change.after, change.before) : null;
    if (problem !== null) return `${change.field}: ${problem}.`;
  }
  return null;
}

/** The top-level REST names (and, for `tasks`, the task fields) the declared paths may write. */
function writable(
  strategy: StrategyDefinition<never>,
  kind: ResourceKind,
): { top: Set<string>; taskLeaves: Set<string> } {
  const top = new Set<string>();
  const taskLeaves = new Set<string>();
  for (const declaration of strategy.fields) {
    if (!declaration.kinds.includes(kind)) continue;
    const task = /^tasks\[<task_key>\]\.([a-z_]+)$/.exec(declaration.path);
    if (task?.[1] !== undefined) {
      top.add('tasks');
      taskLeaves.add(task[1]);
    } else top.add(declaration.path.split('.')[0] ?? declaration.path);
  }
  return { top, taskLeaves };
}

function refuse(strategy: StrategyDefinition<never>, what: string): never {
  throw new DeclarationError(`${strategy.name} may not ${what} (outside its declaration; nothing was sent)`);
}

/**
 * The WorkspaceApi a strategy's executor receives: only the strategy's declared operations, only on the
 * action's target, and writes only of declared fields. A `jobs/update` task (sent whole, the API replaces a
 * task by `task_key`) must equal the task as last read through this guard except for declared task fields,
 * so code, libraries, compute and run-as can never change. Anything else throws {@link DeclarationError}.
 */
export function guardWorkspaceApi(
  api: WorkspaceApi,
  strategy: StrategyDefinition<never>,
  target: ExecTarget,
): WorkspaceApi {
  const allowed = new Set<string>(strategy.operations);
  const { top, taskLeaves } = writable(strategy, target.kind);
  let lastJob: ApiObject | null = null;
  const gate = (operation: keyof typeof WORKSPACE_OPERATIONS, id: string): void => {
    if (!allowed.has(operation)) refuse(strategy, `call ${WORKSPACE_OPERATIONS[operation]}`);
    if (id !== target.id) refuse(strategy, `touch ${id}: the approved action is on ${target.kind} ${target.id}`);
  };
  const onlyDeclared = (keys: readonly string[]): void => {
    for (const key of keys) if (!top.has(key)) refuse(strategy, `write ${JSON.stringify(key)}`);
  };
  const checkTasks = (tasks: unknown): void => {
    if (!Array.isArray(tasks)) refuse(strategy, 'write tasks that are not a list');
    const settings = lastJob?.settings as { tasks?: unknown } | undefined;
    const current = Array.isArray(settings?.tasks) ? (settings.tasks as ApiObject[]) : [];
    for (const task of tasks as ApiObject[]) {
      const read = current.find((t) => t.task_key === task.task_key);
      if (read === undefined) refuse(strategy, `write task ${JSON.stringify(task.task_key)}, which was not read`);
      for (const key of new Set([...Object.keys(task), ...Object.keys(read)])) {
        if (!taskLeaves.has(key) && !sameValue(task[key], read[key])) {
          refuse(strategy, `change ${JSON.stringify(`tasks[${String(task.task_key)}].${key}`)}`);
        }
      }
    }
  };
  return {
    async getWarehouse(id) {
      gate('getWarehouse', id);
      return api.getWarehouse(id);
    },
    async editWarehouse(id, fields) {
      gate('editWarehouse', id);
      onlyDeclared(Object.keys(fields));
      return api.editWarehouse(id, fields);
    },
    async getCluster(id) {
      gate('getCluster', id);
      return api.getCluster(id);
    },
    async updateCluster(id, request) {
      gate('updateCluster', id);
      const mask = request.update_mask.split(',').map((m) => m.trim());
      onlyDeclared(mask);
      for (const key of Object.keys(request.cluster)) if (!mask.includes(key)) refuse(strategy, `write ${key}`);
      return api.updateCluster(id, request);
    },
    async terminateCluster(id) {
      gate('terminateCluster', id);
      return api.terminateCluster(id);
    },
    async getJob(id) {
      gate('getJob', id);
      lastJob = await api.getJob(id);
      return lastJob;
    },
    async updateJob(id, newSettings) {
      gate('updateJob', id);
      onlyDeclared(Object.keys(newSettings));
      if ('tasks' in newSettings) checkTasks(newSettings.tasks);
      return api.updateJob(id, newSettings);
    },
    // Permission reads belong to the approval check before execution, never to a strategy.
    async getPermissions(_objectType, id) {
      gate('getPermissions', id);
      return api.getPermissions(_objectType, id);
    },
    async getUserGroupNames() {
      return refuse(strategy, `call ${WORKSPACE_OPERATIONS.getUserGroupNames}`);
    },
  };
}
