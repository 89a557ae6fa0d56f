import type { GenerateRequest, GenerateResult, LanguageModel } from '../language-model.ts';
import { promptSha256, requestJson } from '../prompt-hash.ts';
import type { RecordedExchange } from './recording.ts';

/** A model that passes calls through and keeps each exchange for writing a recording. */
export interface RecordingLanguageModel extends LanguageModel {
  readonly exchanges: RecordedExchange[];
  readonly requests: string[];
  readonly responses: string[];
}

/** Wraps the live (audited, budgeted) model in record mode of `lakewarden ai eval --record`. */
export function createRecordingLanguageModel(inner: LanguageModel): RecordingLanguageModel {
  const exchanges: RecordedExchange[] = [];
  const requests: string[] = [];
  const responses: string[] = [];
  return {
    model: inner.model,
    endpoint: inner.endpoint,
    region: inner.region,
    exchanges,
    requests,
    responses,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      requests.push(requestJson(request));
      const result = await inner.generate(request);
      const response = { text: result.text ?? null, functionCalls: result.functionCalls, usage: result.usage };
      responses.push(JSON.stringify(response));
      exchanges.push({ promptSha256: promptSha256(request), response });
      return result;
    },
  };
}
