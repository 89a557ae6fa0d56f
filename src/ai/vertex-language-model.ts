import {
  ApiError,
  type Content,
  type GenerateContentResponse,
  GoogleGenAI,
  type GoogleGenAIOptions,
} from '@google/genai';
import { ExternalServiceError } from '../errors.ts';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import type * as Model from './language-model.ts';
import { vertexEndpoint } from './vertex-endpoint.ts';

type AuthClient = NonNullable<GoogleGenAIOptions['googleAuthOptions']>['authClient'];

export interface VertexLanguageModelOptions {
  /** Google Cloud project (env GOOGLE_CLOUD_PROJECT). */
  project: string;
  /** Vertex AI region (env GOOGLE_CLOUD_LOCATION), e.g. `europe-west4`; `global` uses the global endpoint. */
  location: string;
  /** Model name, e.g. `gemini-2.5-flash`. */
  model: string;
  /** Bound of one HTTP attempt, ms. */
  timeoutMs: number;
  /** Attempts including the first (default 3); only HTTP 429 and 5xx are retried. */
  maxAttempts?: number;
  /** Waits between attempts (injected; tests pass a recorder). */
  sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /**
   * A google-auth-library AuthClient. Default: Application Default Credentials (the workload's
   * service account on GKE / Cloud Run). Tests inject a client holding a fixed access token.
   */
  authClient?: AuthClient;
}

/**
 * The `LanguageModel` adapter over @google/genai 3.1 in Vertex AI mode (`vertexai: true` — the README's
 * newer `enterprise: true` selects the same backend), so prompts stay in the customer's project and region.
 * The SDK's own retry is left off (no `retryOptions`); this adapter retries HTTP 429/5xx with exponential
 * backoff and full jitter, bounds each attempt with `timeoutMs` (AbortSignal), and maps every failure to
 * `ExternalServiceError('vertex', …)` carrying the HTTP status (response bodies are not copied: they may
 * echo the prompt).
 */
export function createVertexLanguageModel(options: VertexLanguageModelOptions): Model.LanguageModel {
  const client = new GoogleGenAI({
    vertexai: true,
    project: options.project,
    location: options.location,
    ...(options.authClient === undefined ? {} : { googleAuthOptions: { authClient: options.authClient } }),
  });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const random = options.random ?? Math.random;

  async function attempt(request: Model.GenerateRequest): Promise<GenerateContentResponse> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      return await client.models.generateContent({
        model: options.model,
        contents: request.messages.map(toContent),
        config: {
          abortSignal: signal,
          systemInstruction: request.system,
          temperature: 0,
          ...(request.functions === undefined || request.functions.length === 0
            ? {}
            : {
                tools: [
                  {
                    functionDeclarations: request.functions.map((f) => ({
                      name: f.name,
                      description: f.description,
                      parametersJsonSchema: f.parameters,
                    })),
                  },
                ],
              }),
          ...(request.responseJsonSchema === undefined
            ? {}
            : { responseMimeType: 'application/json', responseJsonSchema: request.responseJsonSchema }),
        },
      });
    } catch (error) {
      if (signal.aborted) {
        throw new ExternalServiceError('vertex', `Vertex AI generateContent timed out after ${options.timeoutMs} ms`, {
          cause: error,
        });
      }
      if (error instanceof ApiError) {
        throw new ExternalServiceError('vertex', `Vertex AI generateContent failed with HTTP ${error.status}`, {
          cause: error,
          status: error.status,
        });
      }
      throw new ExternalServiceError('vertex', 'Vertex AI generateContent failed (network)', { cause: error });
    }
  }

  return {
    model: options.model,
    endpoint: vertexEndpoint(options.location),
    region: options.location,
    async generate(request: Model.GenerateRequest): Promise<Model.GenerateResult> {
      for (let n = 0; ; n++) {
        try {
          return toResult(await attempt(request));
        } catch (error) {
          if (!(error instanceof ExternalServiceError) || !isRetryable(error.status) || n + 1 >= maxAttempts)
            throw error;
          await options.sleep(backoffDelayMs(n + 1, { baseMs: 500, maxMs: 8000, random }));
        }
      }
    },
  };
}

function isRetryable(status: number | undefined): boolean {
  return status !== undefined && (status === 429 || status >= 500);
}

function toContent(message: Model.ModelMessage): Content {
  return {
    role: message.role,
    parts: message.parts.map((part) => {
      if ('text' in part) return { text: part.text };
      if ('functionCall' in part)
        return { functionCall: { name: part.functionCall.name, args: part.functionCall.args } };
      return { functionResponse: { name: part.functionResponse.name, response: part.functionResponse.response } };
    }),
  };
}

/** Reads the first candidate's parts (text and function calls) and the token counts. */
function toResult(response: GenerateContentResponse): Model.GenerateResult {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  const texts: string[] = [];
  const functionCalls: Model.ModelFunctionCall[] = [];
  for (const part of parts) {
    if (typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
    if (part.functionCall?.name !== undefined)
      functionCalls.push({ name: part.functionCall.name, args: part.functionCall.args ?? {} });
  }
  return {
    text: texts.length === 0 ? undefined : texts.join(''),
    functionCalls,
    usage: {
      inputTokens: response.usageMetadata?.promptTokenCount ?? 0,
      outputTokens: response.usageMetadata?.candidatesTokenCount ?? 0,
    },
  };
}
