import { z } from 'zod';

/** What the model must return for an analysis (validated with zod; anything else is dropped). */
export const Analysis = z.object({
  likelyCause: z.string().min(1).max(1200).describe('The most likely reason the rule matched, from the evidence.'),
  context: z.string().min(1).max(1200).describe('What the figures mean for cost or reliability.'),
  checksBeforeApproving: z
    .array(z.string().min(1).max(400))
    .min(1)
    .max(5)
    .describe('What the owner should check before approving the planned change.'),
});
export type Analysis = z.infer<typeof Analysis>;

/** JSON Schema of {@link Analysis} sent as the response schema. */
export const ANALYSIS_JSON_SCHEMA = z.toJSONSchema(Analysis) as Record<string, unknown>;

/** All text of an analysis, for verification. */
export function analysisText(analysis: Analysis): string {
  return [analysis.likelyCause, analysis.context, ...analysis.checksBeforeApproving].join('\n');
}
