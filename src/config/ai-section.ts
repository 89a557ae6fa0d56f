import { z } from 'zod';

/** Where prompts go: the customer's own Google Cloud project, Databricks workspace or OpenAI-compatible gateway. */
export const AI_PROVIDERS = ['vertex', 'databricks', 'openai-compatible'] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

/** The model used when `ai.model` is not set and the provider is Vertex AI. */
export const DEFAULT_VERTEX_MODEL = 'gemini-2.5-flash';

/**
 * `ai:` — optional AI reasoning inside the customer's boundary: Vertex AI in their Google Cloud project
 * (GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION), Databricks Model Serving in their workspace (DATABRICKS_HOST
 * and the same credentials as collection), or an OpenAI-compatible endpoint (OPENAI_BASE_URL / OPENAI_API_KEY).
 * Off by default; with `enabled: false` no AI code path runs and no request is attempted. See docs/security.md
 * "The model boundary".
 */
export const AiSection = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Turn on AI analysis of findings and `/lakewarden ask` answers. Off: no model request is ever made.'),
    provider: z
      .enum(AI_PROVIDERS)
      .default('vertex')
      .describe(
        'Where prompts go: `vertex` (Vertex AI in your Google Cloud project), `databricks` (a Model Serving endpoint in your workspace, same auth as collection) or `openai-compatible` (OPENAI_BASE_URL with OPENAI_API_KEY).',
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Model for analyses and answers: a Vertex AI model name (default gemini-2.5-flash), a Databricks serving endpoint name (e.g. databricks-claude-sonnet-4) or the model id of the OpenAI-compatible endpoint. Required unless the provider is vertex.',
      ),
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
    maxSteps: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(8)
      .describe(
        'Most model calls one answer may make (each tool round trip is one); beyond it the answer is abandoned.',
      ),
    maxTokensPerAnswer: z
      .number()
      .int()
      .min(1000)
      .default(60_000)
      .describe(
        'Most input + output tokens, as the model service reports them, over all model calls of one answer; beyond it the answer is abandoned.',
      ),
    maxAnswerMs: z
      .number()
      .int()
      .min(1000)
      .default(120_000)
      .describe('Wall-clock budget of one answer including all model and tool calls, milliseconds.'),
    askDataRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(14)
      .describe(
        "Days the last scan's findings and their resources' snapshot data are kept for `/lakewarden ask` tools when no newer scan replaced them (housekeeping deletes older rows).",
      ),
    judgeModel: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Optional model (same provider) that scores accuracy and helpfulness in `lakewarden ai eval --judge`; unset = no model judging (the deterministic judge always runs).',
      ),
  })
  .strict()
  .superRefine((ai, context) => {
    if (ai.enabled && ai.provider !== 'vertex' && ai.model === undefined)
      context.addIssue({
        code: 'custom',
        path: ['model'],
        message: `ai.provider ${ai.provider} needs ai.model: the ${ai.provider === 'databricks' ? 'serving endpoint name' : 'model id'} to send prompts to`,
      });
  })
  .prefault({});
export type AiSection = z.infer<typeof AiSection>;
