import { LakewardenError } from '../../errors.ts';
import type { GenerateRequest, GenerateResult, LanguageModel } from '../language-model.ts';
import { promptSha256, requestJson } from '../prompt-hash.ts';
import type { Recording } from './recording.ts';

/** A `LanguageModel` that replays a recording, plus what was asked of it (for privacy checks). */
export interface RecordedLanguageModel extends LanguageModel {
  readonly requests: string[];
  readonly responses: string[];
  /** Errors for requests that had no recording (analysis and answers swallow them; the eval reports them). */
  readonly misses: string[];
  /** The SHA-256 of each request actually made, in order (used to re-hash authored recordings). */
  readonly hashes: string[];
}

/**
 * Serves recorded responses by the SHA-256 of the exact request. A request with no recording (the prompt,
 * the minimizer or a tool changed) throws, naming the case and telling how to re-record, so CI notices
 * prompt drift instead of silently passing. With `inOrder`, responses are served in their recorded order
 * whatever the request (`lakewarden ai eval --rehash` for authored recordings).
 */
export function createRecordedLanguageModel(
  recording: Recording,
  options: { inOrder?: boolean } = {},
): RecordedLanguageModel {
  const byPrompt = new Map(recording.exchanges.map((e) => [e.promptSha256, e.response]));
  const requests: string[] = [];
  const responses: string[] = [];
  const misses: string[] = [];
  const hashes: string[] = [];
  return {
    model: recording.model,
    endpoint: `recording:${recording.caseId}`,
    region: 'local',
    requests,
    responses,
    misses,
    hashes,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      requests.push(requestJson(request));
      const sha = promptSha256(request);
      hashes.push(sha);
      // In order (re-hashing authored recordings): the n-th request gets the n-th authored response.
      const response = options.inOrder === true ? recording.exchanges[hashes.length - 1]?.response : byPrompt.get(sha);
      if (response === undefined) {
        const message = `eval case ${recording.caseId}: no recorded response for prompt ${sha.slice(0, 12)}; re-record with \`lakewarden ai eval --record\``;
        misses.push(message);
        throw new LakewardenError(message);
      }
      responses.push(JSON.stringify(response));
      return {
        text: response.text ?? undefined,
        functionCalls: response.functionCalls.map((c) =>
          c.id === undefined ? { name: c.name, args: c.args } : { id: c.id, name: c.name, args: c.args },
        ),
        usage: response.usage,
      };
    },
  };
}
