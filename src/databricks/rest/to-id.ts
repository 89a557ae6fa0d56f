import { z } from 'zod';

/**
 * An int64 id from REST JSON (`job_id`, `run_id`) normalised to a string (https://docs.databricks.com/api/workspace/jobs/get).
 * Fails parsing when the number is not a safe integer: JSON.parse already rounded it.
 */
export const Int64Id = z.union([z.string().regex(/^\d+$/), z.number()]).transform((value, ctx) => {
  if (typeof value === 'string') return value;
  if (!Number.isSafeInteger(value)) {
    ctx.addIssue({ code: 'custom', message: `id ${value} is not a safe integer (> 2^53): refusing a rounded id` });
    return z.NEVER;
  }
  return String(value);
});
