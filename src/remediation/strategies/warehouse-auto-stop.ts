import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Sets a SQL warehouse's `auto_stop_mins` (0 = never, else ≥ 10; docs.databricks.com/api/workspace/warehouses/edit).
 * @example remediation: { strategy: warehouse-auto-stop, args: { auto_stop_mins: "params.targetAutoStopMins" } }
 */
export const warehouseAutoStop: StrategyDefinition<{ auto_stop_mins: number }> = {
  name: 'warehouse-auto-stop',
  description: 'Set the warehouse auto-stop (auto_stop_mins).',
  kinds: ['warehouse'],
  operations: ['GET /api/2.0/sql/warehouses/{id}', 'POST /api/2.0/sql/warehouses/{id}/edit'],
  args: z.object({ auto_stop_mins: z.number().int().min(10).max(10_000) }),
  plan(resource, args) {
    const before = resource.kind === 'warehouse' ? resource.config.auto_stop_mins : undefined;
    return {
      changes: [{ field: 'auto_stop_mins', before, after: args.auto_stop_mins }],
      risk: `The warehouse stops after ${args.auto_stop_mins} idle minutes; the next query after that waits for it to start again (seconds for serverless, minutes for pro/classic).`,
      restarts: false,
    };
  },
};
