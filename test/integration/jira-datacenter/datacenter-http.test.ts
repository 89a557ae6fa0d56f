import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthenticationError, ExternalServiceError } from '../../../src/errors.ts';
import { createDataCenterHttp } from '../../../src/jira-datacenter/datacenter-http.ts';
import { server } from '../../support/msw.ts';

const BASE = 'https://jira.example.com/jira';

function transport(waits: number[], maxRetries = 3) {
  return createDataCenterHttp({
    baseUrl: BASE,
    auth: { type: 'pat', token: 'pat-0123456789' },
    retry: { maxRetries, sleep: async (ms) => void waits.push(ms), random: () => 0 },
  });
}

describe('the Data Center transport (fetch + zod, withJiraRetry)', () => {
  it('sends the PAT as a bearer token under the context path and parses the answer with zod', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/rest/api/2/myself`, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ name: 'lakewarden', key: 'lakewarden', extra: 1 });
      }),
    );
    const me = await transport([])({
      method: 'GET',
      path: '/rest/api/2/myself',
      schema: z.object({ name: z.string() }),
      operation: 'read the current user',
    });
    expect(me).toEqual({ name: 'lakewarden' });
    expect(seen).toEqual(['Bearer pat-0123456789']);
  });

  it('sends basic auth (JIRA_USERNAME, JIRA_PASSWORD) where the site enables it', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/rest/api/2/myself`, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ name: 'lakewarden' });
      }),
    );
    const call = createDataCenterHttp({
      baseUrl: `${BASE}/`,
      auth: { type: 'basic', username: 'lakewarden', password: 'pw-0123456789' },
      retry: { maxRetries: 0, sleep: async () => {}, random: () => 0 },
    });
    await call({ method: 'GET', path: '/rest/api/2/myself', schema: z.unknown(), operation: 'read the current user' });
    expect(seen).toEqual([`Basic ${Buffer.from('lakewarden:pw-0123456789').toString('base64')}`]);
  });

  it('retries a 429 after Retry-After, and a 503 only when the call is idempotent', async () => {
    let reads = 0;
    let creates = 0;
    server.use(
      http.get(`${BASE}/rest/api/2/serverInfo`, () => {
        reads += 1;
        return reads === 1
          ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '7' } })
          : reads === 2
            ? new HttpResponse('busy', { status: 503 })
            : HttpResponse.json({ deploymentType: 'DataCenter' });
      }),
      http.post(`${BASE}/rest/api/2/issue/bulk`, () => {
        creates += 1;
        return new HttpResponse('busy', { status: 503 });
      }),
    );
    const waits: number[] = [];
    const call = transport(waits);
    await call({
      method: 'GET',
      path: '/rest/api/2/serverInfo',
      schema: z.unknown(),
      operation: 'read the server info',
    });
    expect(reads).toBe(3);
    expect(waits[0]).toBe(7000);
    const create = call({
      method: 'POST',
      path: '/rest/api/2/issue/bulk',
      body: { issueUpdates: [] },
      schema: z.unknown(),
      operation: 'create issues',
      kind: 'non-idempotent',
    });
    await expect(create).rejects.toMatchObject({ name: 'ExternalServiceError', status: 503 });
    expect(creates).toBe(1);
  });

  it('names JIRA_PAT on a 401 and refuses an answer of an unexpected shape', async () => {
    server.use(
      http.get(`${BASE}/rest/api/2/myself`, () =>
        HttpResponse.json({ errorMessages: ['unauthorized'], errors: {} }, { status: 401 }),
      ),
      http.get(`${BASE}/rest/api/2/field`, () => HttpResponse.json({ not: 'a list' })),
    );
    const call = transport([]);
    const auth = call({
      method: 'GET',
      path: '/rest/api/2/myself',
      schema: z.unknown(),
      operation: 'read the current user',
    });
    await expect(auth).rejects.toBeInstanceOf(AuthenticationError);
    await expect(auth).rejects.toThrow(/JIRA_PAT/);
    const shape = call({
      method: 'GET',
      path: '/rest/api/2/field',
      schema: z.array(z.unknown()),
      operation: 'list fields',
    });
    await expect(shape).rejects.toBeInstanceOf(ExternalServiceError);
    await expect(shape).rejects.toThrow(/unexpected shape when trying to list fields/);
  });
});
