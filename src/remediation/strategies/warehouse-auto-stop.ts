import { z } from 'zod';
import { intBetween } from '../field-bounds.ts';
import type { StrategyDefinition } from '../strategy.ts';
import { warehouseFieldsExecutor } from '../warehouse-fields.ts';

/**
 * Sets a SQL warehouse's `auto_stop_mins` with `warehouses/{id}/edit` (partial edit;
 * https://docs.databricks.com/api/workspace/warehouses/edit). Bounded to 10–240 minutes: never 0 (= never stops).
 * @example remediation: { strategy: warehouse-auto-stop, args: { auto_stop_mins: "params.targetAutoStopMins" } }
 */
export const warehouseAutoStop: StrategyDefinition<{ auto_stop_mins: number }> = {
  name: 'warehouse-auto-stop',
  description: 'Set the warehouse auto-stop (auto_stop_mins).',
  kinds: ['warehouse'],
  operations: ['getWarehouse', 'editWarehouse'],
  fields: [{ path: 'auto_stop_mins', kinds: ['warehouse'], ...intBetween(10, 240, 'minutes') }],
  args: z.object({ auto_stop_mins: z.number().int().min(10).max(240) }),
  plan(resource, args) {
    const before = resource.kind === 'warehouse' ? resource.config.auto_stop_mins : undefined;
    return {
      changes: [{ field: 'auto_stop_mins', before, after: args.auto_stop_mins }],
      risk: `The warehouse stops after ${args.auto_stop_mins} idle minutes; the next query after that waits for it to start again (seconds for serverless, minutes for pro/classic).`,
      restarts: false,
    };
  },
  executor: warehouseFieldsExecutor(['auto_stop_mins']),
};
