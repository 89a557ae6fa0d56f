/**
 * The `LanguageModel` port (docs/architecture.md): one stateless generate call with a system prompt, a
 * conversation and optional function declarations. Adapters: Vertex AI through @google/genai
 * (vertex-language-model.ts), OpenAI-compatible chat completions for Databricks Model Serving and gateways
 * (openai-chat-language-model.ts), and the recording replayer used by `lakewarden ai eval` (eval/).
 * The model only drafts text; it never chooses what lakewarden applies (https://genai.owasp.org/llmrisk/llm062025-excessive-agency/).
 */

/** A function call the model asked for: the declared name and its JSON arguments. */
export interface ModelFunctionCall {
  /** The service's id of the call, when it gives one (OpenAI-compatible APIs); echoed with the result. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

/** One part of a turn: text, a function call (model turns) or a function result (user turns). */
export type ModelPart =
  | { text: string }
  | { functionCall: ModelFunctionCall }
  | { functionResponse: { id?: string; name: string; response: Record<string, unknown> } };

/** One turn of the conversation; `model` turns echo what the model produced. */
export interface ModelMessage {
  role: 'user' | 'model';
  parts: ModelPart[];
}

/** A function the model may call: name, docstring and JSON Schema of its arguments. */
export interface FunctionDeclaration {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Why a request is made; recorded in the audit table. */
export type ModelPurpose = 'analysis' | 'ask' | 'judge';

export interface GenerateRequest {
  purpose: ModelPurpose;
  system: string;
  messages: ModelMessage[];
  functions?: FunctionDeclaration[];
  /** When set, the model must answer with JSON matching this JSON Schema. */
  responseJsonSchema?: Record<string, unknown>;
}

export interface GenerateResult {
  /** Concatenated text parts; undefined when the model only called functions. */
  text: string | undefined;
  functionCalls: ModelFunctionCall[];
  /** Token counts reported by the service (0 when it reported none). */
  usage: { inputTokens: number; outputTokens: number };
}

export interface LanguageModel {
  /** Model name, e.g. `gemini-2.5-flash`. */
  readonly model: string;
  /** Where prompts go, e.g. `https://europe-west4-aiplatform.googleapis.com` (audited). */
  readonly endpoint: string;
  /** Region (location) of the endpoint, e.g. `europe-west4`; `local` for recordings. */
  readonly region: string;
  /**
   * @throws ExternalServiceError (service `vertex`, `databricks` or `openai-compatible`) on service failures,
   *   AiRefusal when a budget refuses.
   */
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
