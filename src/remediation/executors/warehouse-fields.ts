import type { StrategyExecutor } from '../executor.ts';
import { sameValue } from '../same-value.ts';

/**
 * Executor for strategies that set top-level warehouse fields (`auto_stop_mins`, `min_num_clusters`,
 * `max_num_clusters`, `cluster_size`): `warehouses/{id}/edit` is partial, so only the fields that still
 * differ from the target are sent (an explicit 0 is sent as 0). Rollback sends the previous values.
 */
export function warehouseFieldsExecutor(strategy: string): StrategyExecutor {
  return {
    strategy,
    async read(api, target, changes) {
      const warehouse = await api.getWarehouse(target.id);
      if (warehouse === null) return null;
      const values: Record<string, unknown> = {};
      for (const change of changes) values[change.field] = warehouse[change.field];
      return { values, state: typeof warehouse.state === 'string' ? warehouse.state : undefined };
    },
    async apply(api, target, changes, observed) {
      const fields: Record<string, unknown> = {};
      for (const change of changes)
        if (!sameValue(observed.values[change.field], change.after)) fields[change.field] = change.after;
      if (Object.keys(fields).length > 0) await api.editWarehouse(target.id, fields);
    },
    async rollback(api, target, previous, observed) {
      const fields: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(previous))
        if (!sameValue(observed.values[field], value)) fields[field] = value;
      if (Object.keys(fields).length > 0) await api.editWarehouse(target.id, fields);
    },
    usesClusterUpdate: () => false,
  };
}
