import { HttpResponse, http } from 'msw';
import { server } from './msw.ts';

/**
 * A fake OpenAI-compatible chat completions endpoint, shaped as the public docs describe it:
 * - request and response of `POST {base}/chat/completions` (messages, tools, tool_calls with `id`, `type:
 *   "function"`, JSON-string `arguments`; `choices[].message`, `finish_reason`, `usage.prompt_tokens` /
 *   `completion_tokens`): https://platform.openai.com/docs/api-reference/chat/create and
 *   https://platform.openai.com/docs/api-reference/chat/object;
 * - Databricks Model Serving serves the same API under `https://<workspace>/serving-endpoints` with the serving
 *   endpoint name as `model` and a workspace bearer token
 *   (https://docs.databricks.com/aws/en/machine-learning/model-serving/score-foundation-models,
 *   https://docs.databricks.com/aws/en/machine-learning/model-serving/function-calling); its errors carry
 *   `{ error_code, message }` (https://docs.databricks.com/api/workspace/servingendpoints/query);
 * - `Retry-After` on 429 (OpenAI rate limits: https://platform.openai.com/docs/guides/rate-limits).
 */
export type ChatReply =
  | { text: string; promptTokens?: number; completionTokens?: number }
  | { toolCalls: Array<{ id: string; name: string; args: Record<string, unknown> }> }
  | { status: number; retryAfterMs?: number };

/** What the fake saw: JSON bodies, Authorization headers and request URLs. */
export interface ChatRecorder {
  bodies: Array<Record<string, unknown>>;
  authorizations: Array<string | null>;
  urls: string[];
}

/** A chat.completion object for one scripted reply. */
export function chatCompletionBody(
  model: string,
  reply: Exclude<ChatReply, { status: number }>,
): Record<string, unknown> {
  const message =
    'text' in reply
      ? { role: 'assistant', content: reply.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: reply.toolCalls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.args) },
          })),
        };
  const promptTokens = 'text' in reply ? (reply.promptTokens ?? 120) : 80;
  const completionTokens = 'text' in reply ? (reply.completionTokens ?? 40) : 10;
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_796_646_000,
    model,
    choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/**
 * Serves scripted replies in order on `{baseUrl}/chat/completions`; a request beyond the script gets HTTP 599.
 * `errorStyle` picks the error body: Databricks (`error_code`) or OpenAI (`error.type`).
 */
export function useFakeChatCompletions(
  baseUrl: string,
  replies: readonly ChatReply[],
  errorStyle: 'databricks' | 'openai' = 'openai',
): ChatRecorder {
  const recorder: ChatRecorder = { bodies: [], authorizations: [], urls: [] };
  let next = 0;
  server.use(
    http.post(`${baseUrl}/chat/completions`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      recorder.bodies.push(body);
      recorder.authorizations.push(request.headers.get('authorization'));
      recorder.urls.push(request.url);
      const reply = replies[next++];
      if (reply === undefined) return HttpResponse.json({ error: { message: 'unscripted request' } }, { status: 599 });
      if ('status' in reply) {
        const headers: Record<string, string> =
          reply.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(reply.retryAfterMs) };
        const errorBody =
          errorStyle === 'databricks'
            ? {
                error_code: reply.status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : 'INTERNAL_ERROR',
                message: 'scripted failure',
              }
            : { error: { message: 'scripted failure', type: 'server_error', code: null } };
        return HttpResponse.json(errorBody, { status: reply.status, headers });
      }
      return HttpResponse.json(chatCompletionBody(String(body.model), reply));
    }),
  );
  return recorder;
}
