import { z } from 'zod';

/** One recorded exchange: the SHA-256 of the exact request (prompt-hash.ts) and the model's result. */
export const RecordedExchange = z.object({
  promptSha256: z.string().regex(/^[0-9a-f]{64}$/),
  response: z.object({
    text: z.string().nullable(),
    functionCalls: z.array(
      z.object({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()) }),
    ),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  }),
});
export type RecordedExchange = z.infer<typeof RecordedExchange>;

/** How a recording was made: written by hand (`authored`) or recorded from the named provider with `--record`. */
export const RECORDING_SOURCES = ['authored', 'vertex', 'databricks', 'openai-compatible'] as const;
export type RecordingSource = (typeof RECORDING_SOURCES)[number];

/**
 * `eval/recordings/<case id>.json`: the model responses of one eval case, replayed in CI.
 * `source` says how they were made: `authored`, or the provider it was recorded from with
 * `lakewarden ai eval --record` (`vertex`, `databricks`, `openai-compatible`).
 */
export const Recording = z.object({
  caseId: z.string(),
  model: z.string(),
  source: z.enum(RECORDING_SOURCES),
  recordedAt: z.string(),
  exchanges: z.array(RecordedExchange),
});
export type Recording = z.infer<typeof Recording>;
