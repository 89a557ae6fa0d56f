import { z } from 'zod';

/** A required numeric fact or setting with its documentation (unit and derivation in the text). */
export const num = (description: string) => z.number().describe(description);

/** A numeric fact that may be null (unknown) or absent. */
export const optNum = (description: string) => z.number().nullable().optional().describe(description);
