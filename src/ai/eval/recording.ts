import { z } from 'zod';

/** One recorded exchange: the SHA-256 of the exact request (prompt-hash.ts) and the model's result. */
export const RecordedExchange = z.object({
  promptSha256: z.string().regex(/^[0-9a-f]{64}$/),
  response: z.object({
    text: z.string().nullable(),
    functionCalls: z.array(z.object({ name: z.string(), args: z.record(z.string(), z.unknown()) })),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  }),
});
export type RecordedExchange = z.infer<typeof RecordedExchange>;

/**
 * `eval/recordings/<case id>.json`: the model responses of one eval case, replayed in CI.
 * `source` says how they were made: `vertex` (recorded with `lakewarden ai eval --record`) or `authored`.
 */
export const Recording = z.object({
  caseId: z.string(),
  model: z.string(),
  source: z.enum(['vertex', 'authored']),
  recordedAt: z.string(),
  exchanges: z.array(RecordedExchange),
});
export type Recording = z.infer<typeof Recording>;
