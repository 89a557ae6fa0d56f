import { z } from 'zod';

/**
 * One field a plan changes: the plan field path (`auto_stop_mins`, `tags.owner`, `tasks[etl].timeout_seconds`),
 * its value when the plan was made and the value it will have. The one change shape of plans, filed plans,
 * actions, the `lakewarden` issue property and AI eval cases.
 */
export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChange>;
