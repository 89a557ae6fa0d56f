import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/** The bot never writes: the issue explains the change, the owner makes it, the next scan verifies it. */
export const manual: StrategyDefinition<{ change: string }> = {
  name: 'manual',
  description: 'The owner makes the change; the next scan verifies it.',
  kinds: ['warehouse', 'cluster', 'job', 'pipeline', 'table', 'workspace'],
  operations: [],
  fields: [],
  args: z.object({ change: z.string().min(1) }),
  plan(_resource, args) {
    return {
      changes: [{ field: 'owner action', before: '—', after: args.change }],
      risk: 'lakewarden makes no change; the owner decides how and when.',
      restarts: false,
    };
  },
};
