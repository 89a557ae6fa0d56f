import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../json/canonical-json.ts';
import type { AiTables, AuditedExchange } from './ai-tables.ts';
import type { GenerateRequest, GenerateResult, LanguageModel } from './language-model.ts';
import { MINIMIZER_VERSION } from './minimize-finding.ts';
import { promptSha256, requestJson } from './prompt-hash.ts';

/** One audited model exchange as read back from `ai_audit`. */
export interface AuditRow extends AuditedExchange {
  minimizerVersion: number;
  promptSha256: string;
  /** The exact request (canonical JSON): system prompt, messages with the minimized finding, declarations. */
  request: string;
  /** The response (canonical JSON of text, function calls, usage), or null when the call failed. */
  response: string | null;
  /** Error name and message when the call failed (never the service's response body). */
  error: string | null;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Wraps a model so every exchange — successful or failed — writes one append-only `ai_audit` row
 * (docs/security.md "The model boundary"). The row is written after the call; if writing it fails, the error
 * propagates and the result is not used (no unaudited output).
 */
export function withAudit(model: LanguageModel, db: Kysely<AiTables>, now: () => Date): LanguageModel {
  return {
    model: model.model,
    endpoint: model.endpoint,
    region: model.region,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const at = now().toISOString();
      const base = {
        id: randomUUID(),
        at,
        purpose: request.purpose,
        endpoint: model.endpoint,
        region: model.region,
        model: model.model,
        minimizer_version: MINIMIZER_VERSION,
        prompt_sha256: promptSha256(request),
        request: requestJson(request),
      };
      let result: GenerateResult;
      try {
        result = await model.generate(request);
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        await db
          .insertInto('ai_audit')
          .values({ ...base, response: null, error: message, input_tokens: 0, output_tokens: 0 })
          .execute();
        throw error;
      }
      await db
        .insertInto('ai_audit')
        .values({
          ...base,
          response: canonicalJson({ text: result.text ?? null, functionCalls: result.functionCalls }),
          error: null,
          input_tokens: result.usage.inputTokens,
          output_tokens: result.usage.outputTokens,
        })
        .execute();
      return result;
    },
  };
}

/** Reads audit rows, newest first; `since` (ISO) and `limit` bound the listing. */
export async function listAuditRows(
  db: Kysely<AiTables>,
  options: { since?: string; limit?: number } = {},
): Promise<AuditRow[]> {
  let query = db.selectFrom('ai_audit').selectAll().orderBy('at', 'desc').orderBy('id');
  if (options.since !== undefined) query = query.where('at', '>=', options.since);
  const rows = await query.limit(options.limit ?? 100).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    purpose: r.purpose,
    endpoint: r.endpoint,
    region: r.region,
    model: r.model,
    minimizerVersion: Number(r.minimizer_version),
    promptSha256: r.prompt_sha256,
    request: r.request,
    response: r.response,
    error: r.error,
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
  }));
}
