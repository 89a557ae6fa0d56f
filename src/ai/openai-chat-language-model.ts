import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { ExternalServiceError } from '../errors.ts';
import type {
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelFunctionCall,
  ModelMessage,
} from './language-model.ts';

/** Which service an OpenAI-compatible adapter talks to (error messages and the audit name it). */
export type OpenAiCompatibleService = 'databricks' | 'openai-compatible';

export interface OpenAiChatLanguageModelOptions {
  service: OpenAiCompatibleService;
  /**
   * Base URL of the chat completions API, e.g. `https://<workspace>/serving-endpoints` for Databricks Model
   * Serving or `https://gateway.internal/v1` for a gateway. Requests go to `{baseUrl}/chat/completions`.
   */
  baseUrl: string;
  /**
   * The bearer credential: a fixed key, or a function called before every request (Databricks OAuth tokens
   * are cached and refreshed by the token provider behind it).
   */
  apiKey: string | (() => Promise<string>);
  /** The model: for Databricks the serving endpoint name (e.g. `databricks-claude-sonnet-4`). */
  model: string;
  /** Region label recorded in the audit table (the workspace or gateway region; `unknown` when not known). */
  region: string;
  /** Bound of one HTTP attempt, ms. */
  timeoutMs: number;
  /**
   * Retries after the first attempt; the openai client retries connection errors, 408, 409, 429 and 5xx with
   * exponential backoff and honours `Retry-After` / `retry-after-ms`. Default 2.
   */
  maxRetries?: number;
  /** Injected in tests (msw intercepts the global fetch anyway). */
  fetch?: typeof fetch;
}

/**
 * The `LanguageModel` adapter for OpenAI-compatible chat completions, over the official `openai` client
 * (docs/decisions/0004-openai-compatible-providers.md):
 * - Databricks Model Serving: `POST https://<workspace>/serving-endpoints/chat/completions` with the serving
 *   endpoint name as `model` and the workspace's bearer token — the "OpenAI client" usage documented at
 *   https://docs.databricks.com/aws/en/machine-learning/model-serving/score-foundation-models (and the chat
 *   request/response and `tools` fields at https://docs.databricks.com/aws/en/machine-learning/foundation-model-apis/api-reference,
 *   function calling at https://docs.databricks.com/aws/en/machine-learning/model-serving/function-calling).
 * - any OpenAI-compatible gateway (Azure OpenAI's v1 API, vLLM, a company gateway): base URL and key from the
 *   environment.
 * Function calling uses `tools` / `tool_calls` (https://platform.openai.com/docs/api-reference/chat/create).
 * Temperature 0. Failures become `ExternalServiceError(service, …)` carrying the HTTP status; response bodies
 * are not copied into the error (they may echo the prompt).
 */
export function createOpenAiChatLanguageModel(options: OpenAiChatLanguageModelOptions): LanguageModel {
  const baseURL = options.baseUrl.replace(/\/+$/, '');
  const client = new OpenAI({
    baseURL,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const label = options.service === 'databricks' ? 'Databricks Model Serving' : 'OpenAI-compatible endpoint';

  return {
    model: options.model,
    endpoint: baseURL,
    region: options.region,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create(toParams(options.model, request));
      } catch (error) {
        throw toServiceError(options.service, label, options.timeoutMs, error);
      }
      return toResult(completion);
    },
  };
}

function toServiceError(
  service: OpenAiCompatibleService,
  label: string,
  timeoutMs: number,
  error: unknown,
): ExternalServiceError {
  if (error instanceof APIConnectionTimeoutError)
    return new ExternalServiceError(service, `${label} chat completion timed out after ${timeoutMs} ms`, {
      cause: error,
    });
  if (error instanceof APIError && typeof error.status === 'number')
    return new ExternalServiceError(service, `${label} chat completion failed with HTTP ${error.status}`, {
      cause: error,
      status: error.status,
    });
  return new ExternalServiceError(service, `${label} chat completion failed (network)`, { cause: error });
}

/** The request body: system prompt first, then the conversation; tools and JSON output only when asked. */
export function toParams(model: string, request: GenerateRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    temperature: 0,
    messages: [{ role: 'system', content: request.system }, ...request.messages.flatMap(toMessages)],
    ...(request.functions === undefined || request.functions.length === 0
      ? {}
      : {
          tools: request.functions.map((f) => ({
            type: 'function' as const,
            function: { name: f.name, description: f.description, parameters: f.parameters },
          })),
        }),
    ...(request.responseJsonSchema === undefined
      ? {}
      : {
          response_format: {
            type: 'json_schema' as const,
            json_schema: { name: 'response', schema: request.responseJsonSchema },
          },
        }),
  };
}

/**
 * One port message → chat messages. A model turn becomes one assistant message (text and `tool_calls`); a user
 * turn's function results become one `tool` message each, matched to their call by id (the id the service
 * gave, else a positional one that the preceding assistant message used too).
 */
function toMessages(message: ModelMessage, turn: number): ChatCompletionMessageParam[] {
  if (message.role === 'model') {
    const text = message.parts.flatMap((p) => ('text' in p ? [p.text] : [])).join('');
    const calls = message.parts.flatMap((p) => ('functionCall' in p ? [p.functionCall] : []));
    return [
      {
        role: 'assistant',
        content: text === '' ? null : text,
        ...(calls.length === 0
          ? {}
          : {
              tool_calls: calls.map((call, i) => ({
                id: call.id ?? positionalId(turn, i),
                type: 'function' as const,
                function: { name: call.name, arguments: JSON.stringify(call.args) },
              })),
            }),
      },
    ];
  }
  const out: ChatCompletionMessageParam[] = [];
  const texts: string[] = [];
  let resultIndex = 0;
  for (const part of message.parts) {
    if ('text' in part) texts.push(part.text);
    else if ('functionResponse' in part) {
      out.push({
        role: 'tool',
        tool_call_id: part.functionResponse.id ?? positionalId(turn - 1, resultIndex),
        content: JSON.stringify(part.functionResponse.response),
      });
      resultIndex++;
    }
  }
  if (texts.length > 0) out.push({ role: 'user', content: texts.join('\n') });
  return out;
}

/** A stable id for a call that came without one: index of the assistant message and position in it. */
function positionalId(turn: number, index: number): string {
  return `call_${turn}_${index}`;
}

/** Reads the first choice: text, tool calls (arguments parsed; unparseable ones become `{}`) and token usage. */
function toResult(completion: ChatCompletion): GenerateResult {
  const message = completion.choices[0]?.message;
  const functionCalls: ModelFunctionCall[] = [];
  for (const call of message?.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    functionCalls.push({ id: call.id, name: call.function.name, args: parseArguments(call.function.arguments) });
  }
  const text = typeof message?.content === 'string' && message.content !== '' ? message.content : undefined;
  return {
    text,
    functionCalls,
    usage: {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    },
  };
}

function parseArguments(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
