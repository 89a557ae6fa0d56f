import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAiServices } from '../../../src/ai/create-ai-services.ts';
import { createOpenAiChatLanguageModel } from '../../../src/ai/openai-chat-language-model.ts';
import { AiSection } from '../../../src/config/ai-section.ts';
import { createOAuthM2mTokenProvider } from '../../../src/databricks/auth/oauth-m2m-token-provider.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { ConfigError, ExternalServiceError } from '../../../src/errors.ts';
import { useFakeChatCompletions } from '../../support/fake-chat-completions.ts';
import { openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { server } from '../../support/msw.ts';
import { fixture, HOST } from '../databricks/fake-databricks.ts';

const SERVING = `${HOST}/serving-endpoints`;
const GATEWAY = 'https://llm-gateway.example.internal/v1';

const request = {
  purpose: 'ask' as const,
  system: 'You answer questions.',
  messages: [{ role: 'user' as const, parts: [{ text: 'Why?' }] }],
  functions: [
    {
      name: 'get_cost_by_day',
      description: 'Daily cost.',
      parameters: { type: 'object', properties: { days: { type: 'number' } } },
    },
  ],
};

function model(apiKey: string | (() => Promise<string>), baseUrl = SERVING, maxRetries = 2) {
  return createOpenAiChatLanguageModel({
    service: baseUrl === SERVING ? 'databricks' : 'openai-compatible',
    baseUrl,
    apiKey,
    model: 'databricks-claude-sonnet-4',
    region: 'test',
    timeoutMs: 5000,
    maxRetries,
  });
}

describe('OpenAI-compatible chat completions (Databricks Model Serving, gateways) over the openai client', () => {
  it('sends system prompt, turns and tools to {workspace}/serving-endpoints/chat/completions with the endpoint name as model', async () => {
    const seen = useFakeChatCompletions(
      SERVING,
      [{ text: 'Because.', promptTokens: 11, completionTokens: 3 }],
      'databricks',
    );
    const result = await model(createPatTokenProvider('dapi-serving-token-000').token).generate(request);
    expect(result).toEqual({ text: 'Because.', functionCalls: [], usage: { inputTokens: 11, outputTokens: 3 } });
    expect(seen.urls).toEqual([`${SERVING}/chat/completions`]);
    expect(seen.authorizations).toEqual(['Bearer dapi-serving-token-000']);
    expect(seen.bodies[0]).toMatchObject({
      model: 'databricks-claude-sonnet-4',
      temperature: 0,
      messages: [
        { role: 'system', content: 'You answer questions.' },
        { role: 'user', content: 'Why?' },
      ],
      tools: [{ type: 'function', function: { name: 'get_cost_by_day', description: 'Daily cost.' } }],
    });
  });

  it('returns tool calls with their ids and echoes the ids with the results on the next turn', async () => {
    const seen = useFakeChatCompletions(SERVING, [
      { toolCalls: [{ id: 'call_abc', name: 'get_cost_by_day', args: { days: 7 } }] },
      { text: 'Seven days cost $70.' },
    ]);
    const m = model('dapi-x');
    const first = await m.generate(request);
    expect(first.text).toBeUndefined();
    expect(first.functionCalls).toEqual([{ id: 'call_abc', name: 'get_cost_by_day', args: { days: 7 } }]);
    const second = await m.generate({
      ...request,
      messages: [
        ...request.messages,
        { role: 'model', parts: first.functionCalls.map((functionCall) => ({ functionCall })) },
        {
          role: 'user',
          parts: [{ functionResponse: { id: 'call_abc', name: 'get_cost_by_day', response: { total: 70 } } }],
        },
      ],
    });
    expect(second.text).toBe('Seven days cost $70.');
    expect(seen.bodies[1]?.messages).toEqual([
      { role: 'system', content: 'You answer questions.' },
      { role: 'user', content: 'Why?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_abc', type: 'function', function: { name: 'get_cost_by_day', arguments: '{"days":7}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_abc', content: '{"total":70}' },
    ]);
  });

  it('gives calls without ids matching positional ids on the call and on its result', async () => {
    const seen = useFakeChatCompletions(GATEWAY, [{ text: 'ok' }]);
    await model('sk-test', GATEWAY).generate({
      ...request,
      messages: [
        ...request.messages,
        { role: 'model', parts: [{ functionCall: { name: 'get_cost_by_day', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_cost_by_day', response: { total: 1 } } }] },
      ],
    });
    const messages = seen.bodies[0]?.messages as Array<Record<string, unknown>>;
    const calls = messages[2]?.tool_calls as Array<{ id: string }> | undefined;
    const callId = calls?.[0]?.id;
    expect(callId).toBe('call_1_0');
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: callId, content: '{"total":1}' });
  });

  it('asks for JSON output with a json_schema response_format', async () => {
    const seen = useFakeChatCompletions(GATEWAY, [{ text: '{"a":1}' }]);
    await model('sk-test', GATEWAY).generate({
      purpose: 'analysis',
      system: 's',
      messages: request.messages,
      responseJsonSchema: { type: 'object' },
    });
    expect(seen.bodies[0]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' } },
    });
    expect(seen.bodies[0]?.tools).toBeUndefined();
  });

  it('retries a 429 after its retry-after-ms and a 503, then succeeds', async () => {
    const seen = useFakeChatCompletions(
      SERVING,
      [{ status: 429, retryAfterMs: 5 }, { status: 503, retryAfterMs: 5 }, { text: 'ok' }],
      'databricks',
    );
    const result = await model('dapi-x').generate(request);
    expect(result.text).toBe('ok');
    expect(seen.bodies).toHaveLength(3);
  });

  it('maps a final failure to ExternalServiceError with the status and no response body', async () => {
    useFakeChatCompletions(SERVING, [{ status: 403 }], 'databricks');
    const error = await model('dapi-x')
      .generate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'databricks', status: 403 });
    expect((error as Error).message).toBe('Databricks Model Serving chat completion failed with HTTP 403');
  });

  it('uses the workspace OAuth M2M token (discovered, cached) for every serving request', async () => {
    let tokenRequests = 0;
    server.use(
      http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(fixture('oauth-authorization-server.json')),
      ),
      http.post(`${HOST}/oidc/v1/token`, () => {
        tokenRequests++;
        return HttpResponse.json({
          ...fixture('oauth-token-response.json'),
          access_token: `oauth-token-${tokenRequests}`,
        });
      }),
    );
    const auth = createOAuthM2mTokenProvider({ host: HOST, clientId: 'sp-id', clientSecret: 'sp-secret' });
    const seen = useFakeChatCompletions(SERVING, [{ text: 'a' }, { text: 'b' }]);
    const m = model(() => auth.token());
    await m.generate(request);
    await m.generate(request);
    expect(seen.authorizations).toEqual(['Bearer oauth-token-1', 'Bearer oauth-token-1']);
    expect(tokenRequests).toBe(1);
  });
});

describe('createAiServices picks the provider', () => {
  async function withDb<T>(fn: (db: Parameters<typeof createAiServices>[0]['db']) => Promise<T>): Promise<T> {
    return fn(await openAiDatabase());
  }
  const base = {
    now: () => new Date('2026-12-07T10:00:00Z'),
    sleep: async () => undefined,
    project: undefined,
    location: undefined,
  };

  it('databricks: audited calls to the workspace serving endpoint named by ai.model', async () => {
    await withDb(async (db) => {
      const config = AiSection.parse({ enabled: true, provider: 'databricks', model: 'databricks-claude-sonnet-4' });
      const services = createAiServices({
        ...base,
        config,
        db,
        databricks: { host: HOST, token: async () => 'dapi-serving' },
      });
      const seen = useFakeChatCompletions(SERVING, [{ text: 'hello' }]);
      const result = await services?.model.generate(request);
      expect(result?.text).toBe('hello');
      expect(seen.bodies[0]?.model).toBe('databricks-claude-sonnet-4');
      const audit = await db.selectFrom('ai_audit').selectAll().execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ model: 'databricks-claude-sonnet-4', endpoint: SERVING });
    });
  });

  it('openai-compatible: base URL and key from the environment', async () => {
    await withDb(async (db) => {
      const config = AiSection.parse({ enabled: true, provider: 'openai-compatible', model: 'gpt-4.1-mini' });
      const services = createAiServices({ ...base, config, db, openAiBaseUrl: GATEWAY, openAiApiKey: 'sk-gateway' });
      const seen = useFakeChatCompletions(GATEWAY, [{ text: 'hi' }]);
      await services?.model.generate(request);
      expect(seen.authorizations).toEqual(['Bearer sk-gateway']);
    });
  });

  it('fails closed with a ConfigError naming what is missing', async () => {
    await withDb(async (db) => {
      const databricks = AiSection.parse({ enabled: true, provider: 'databricks', model: 'x' });
      expect(() => createAiServices({ ...base, config: databricks, db })).toThrow(ConfigError);
      const gateway = AiSection.parse({ enabled: true, provider: 'openai-compatible', model: 'x' });
      expect(() => createAiServices({ ...base, config: gateway, db, openAiBaseUrl: GATEWAY })).toThrow(
        /OPENAI_API_KEY/,
      );
      expect(AiSection.safeParse({ enabled: true, provider: 'databricks' }).error?.issues[0]?.path).toEqual(['model']);
    });
  });
});
