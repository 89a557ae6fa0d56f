import { z } from 'zod';

/**
 * `ai:` — optional AI reasoning inside the customer's Google Cloud project (Vertex AI via @google/genai).
 * Off by default; with `enabled: false` no AI code path runs and no request is attempted. Project and
 * region come from GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION (env.ts). See docs/security.md
 * "The model boundary".
 */
export const AiSection = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Turn on AI analysis of findings and `/lakewarden ask` answers. Off: no model request is ever made.'),
    model: z
      .string()
      .min(1)
      .default('gemini-2.5-flash')
      .describe('Vertex AI model name used for analyses and answers, e.g. gemini-2.5-flash.'),
    hashIdentifiers: z
      .boolean()
      .default(true)
      .describe(
        'Replace resource names and owner identities with stable tokens (warehouse#3f9a, user#8c1e) before anything reaches the model. When false, resource names are sent and owners and tag values are dropped.',
      ),
    maxCallsPerDay: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe('Model calls allowed per UTC day across analyses, answers and judging; further calls are refused.'),
    timeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(30_000)
      .describe('Timeout of one model HTTP request, milliseconds.'),
    askCommand: z
      .string()
      .min(2)
      .default('/lakewarden ask')
      .describe('Comment prefix that asks lakewarden a question on one of its issues.'),
    maxToolCalls: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(6)
      .describe('Most tool calls (read-only metadata lookups) one answer may make.'),
    maxAnswerMs: z
      .number()
      .int()
      .min(1000)
      .default(120_000)
      .describe('Wall-clock budget of one answer including all model and tool calls, milliseconds.'),
    judgeModel: z
      .string()
      .min(1)
      .optional()
      .describe('Optional model that scores accuracy and helpfulness in `lakewarden ai eval`; unset = no judging.'),
  })
  .strict()
  .prefault({});
export type AiSection = z.infer<typeof AiSection>;
