import { describe, expect, it } from 'vitest';
import { createVertexLanguageModel } from '../../../src/ai/vertex-language-model.ts';
import { ExternalServiceError } from '../../../src/errors.ts';
import { createTestAuthClient, useFakeVertex, VERTEX } from '../../support/fake-vertex.ts';

function createModel(sleeps: number[], timeoutMs = 5000) {
  return createVertexLanguageModel({
    ...VERTEX,
    timeoutMs,
    maxAttempts: 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    authClient: createTestAuthClient(),
  });
}

const request = {
  purpose: 'ask' as const,
  system: 'You answer questions.',
  messages: [{ role: 'user' as const, parts: [{ text: 'Why?' }] }],
  functions: [
    {
      name: 'get_finding',
      description: 'Returns the finding.',
      parameters: { type: 'object', properties: {} },
    },
  ],
};

describe('Vertex AI language model over @google/genai', () => {
  it('sends the system prompt, turns and declarations to the regional Vertex endpoint with injected auth', async () => {
    const seen = useFakeVertex([{ text: 'Because.', inputTokens: 11, outputTokens: 3 }]);
    const model = createModel([]);
    const result = await model.generate(request);
    expect(result).toEqual({ text: 'Because.', functionCalls: [], usage: { inputTokens: 11, outputTokens: 3 } });
    expect(model.endpoint).toBe('https://europe-west4-aiplatform.googleapis.com');
    expect(seen.authorizations).toEqual(['Bearer test-access-token']);
    expect(seen.bodies[0]).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Why?' }] }],
      systemInstruction: { parts: [{ text: 'You answer questions.' }] },
      tools: [{ functionDeclarations: [{ name: 'get_finding', description: 'Returns the finding.' }] }],
      generationConfig: { temperature: 0 },
    });
  });

  it('returns function calls of a function-call turn', async () => {
    useFakeVertex([{ functionCalls: [{ name: 'get_cost_by_day', args: { days: 7 } }] }]);
    const result = await createModel([]).generate(request);
    expect(result.text).toBeUndefined();
    expect(result.functionCalls).toEqual([{ name: 'get_cost_by_day', args: { days: 7 } }]);
  });

  it('retries 429 and 500 with backoff through the injected sleep, then succeeds', async () => {
    const seen = useFakeVertex([{ status: 429 }, { status: 500 }, { text: 'ok' }]);
    const sleeps: number[] = [];
    const result = await createModel(sleeps).generate(request);
    expect(result.text).toBe('ok');
    expect(seen.bodies).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up after the attempts with ExternalServiceError carrying the status', async () => {
    useFakeVertex([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const sleeps: number[] = [];
    const error = await createModel(sleeps)
      .generate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'vertex', status: 503 });
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const seen = useFakeVertex([{ status: 400 }]);
    await expect(createModel([]).generate(request)).rejects.toMatchObject({ service: 'vertex', status: 400 });
    expect(seen.bodies).toHaveLength(1);
  });

  it('maps a hung request to a vertex timeout error', async () => {
    useFakeVertex([{ hang: true }]);
    const error = await createModel([], 50)
      .generate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toMatch(/timed out after 50 ms/);
  });
});
