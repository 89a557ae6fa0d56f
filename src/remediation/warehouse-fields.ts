import type { StrategyExecutor } from './executor.ts';
import { sameValue } from './same-value.ts';

/**
 * Execution for strategies that set top-level warehouse fields (`auto_stop_mins`, `min_num_clusters`,
 * `max_num_clusters`, `cluster_size`): `warehouses/{id}/edit` is partial, so only the fields that still
 * differ from the target are sent (an explicit 0 is sent as 0). Rollback sends the previous values.
 * Reads keep only `fields` (the strategy's declaration) from the REST object, nothing else.
 */
export function warehouseFieldsExecutor(fields: readonly string[]): StrategyExecutor {
  const pick = (warehouse: Record<string, unknown>, field: string): unknown =>
    fields.includes(field) ? warehouse[field] : undefined;
  return {
    async read(api, target, changes) {
      const warehouse = await api.getWarehouse(target.id);
      if (warehouse === null) return null;
      const values: Record<string, unknown> = {};
      for (const change of changes) values[change.field] = pick(warehouse, change.field);
      return { values, state: typeof warehouse.state === 'string' ? warehouse.state : undefined };
    },
    async apply(api, target, changes, observed) {
      const body: Record<string, unknown> = {};
      for (const change of changes)
        if (!sameValue(observed.values[change.field], change.after)) body[change.field] = change.after;
      if (Object.keys(body).length > 0) await api.editWarehouse(target.id, body);
    },
    async rollback(api, target, previous, observed) {
      const body: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(previous))
        if (!sameValue(observed.values[field], value)) body[field] = value;
      if (Object.keys(body).length > 0) await api.editWarehouse(target.id, body);
    },
    usesClusterUpdate: () => false,
  };
}
