import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { DatabricksApiError, DatabricksNotFoundError } from '../../../src/databricks/errors.ts';
import { parseErrorBody } from '../../../src/databricks/rest/parse-error-body.ts';
import { backoffDelayMs } from '../../../src/retry/backoff-delay.ts';
import { parseRetryAfterMs } from '../../../src/retry/parse-retry-after.ts';
import { server } from '../../support/msw.ts';
import { fixture, HOST, patReader } from './fake-databricks.ts';

describe('REST client', () => {
  it('sends the lakewarden User-Agent and bearer token, and strips Class C fields from clusters/get', async () => {
    let agent: string | null = null;
    let auth: string | null = null;
    server.use(
      http.get(`${HOST}/api/2.1/clusters/get`, ({ request }) => {
        agent = request.headers.get('user-agent');
        auth = request.headers.get('authorization');
        return HttpResponse.json(fixture('cluster-get.json'));
      }),
    );
    const cluster = await patReader().reader.getCluster('0123-456789-abcdefgh');
    expect(agent).toBe('lakewarden/0.1.0');
    expect(auth).toBe('Bearer dapi-test');
    expect(cluster).toMatchObject({ cluster_id: '0123-456789-abcdefgh', autotermination_minutes: 0, state: 'RUNNING' });
    expect(Object.keys(cluster)).not.toContain('spark_conf');
    expect(Object.keys(cluster)).not.toContain('spark_env_vars');
    expect(Object.keys(cluster)).not.toContain('spark_context_id');
  });

  it('retries 429 honouring Retry-After as a floor, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => {
        calls++;
        if (calls === 1) {
          return HttpResponse.json(fixture('error-429-request-limit-exceeded.json'), {
            status: 429,
            headers: { 'retry-after': '7' },
          });
        }
        return HttpResponse.json(fixture('warehouse-get.json'));
      }),
    );
    const sleeps: number[] = [];
    const warehouse = await patReader(sleeps).reader.getWarehouse('ec58ee3772e8d305');
    expect(warehouse.cluster_size).toBe('Medium');
    expect(sleeps).toEqual([7000]);
  });

  it('gives up after 5 attempts on 503 with a typed error', async () => {
    let calls = 0;
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => {
        calls++;
        return HttpResponse.json({ error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }, { status: 503 });
      }),
    );
    const sleeps: number[] = [];
    const error = await patReader(sleeps)
      .reader.getWarehouse('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ status: 503, errorCode: 'TEMPORARILY_UNAVAILABLE' });
    expect(calls).toBe(5);
    expect(sleeps).toHaveLength(4);
  });

  it('maps clusters/get 400 "does not exist" to not found, but not other 400s', async () => {
    server.use(
      http.get(`${HOST}/api/2.1/clusters/get`, () =>
        HttpResponse.json(fixture('error-400-cluster-does-not-exist.json'), { status: 400 }),
      ),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
        HttpResponse.json({ error_code: 'INVALID_PARAMETER_VALUE', message: 'x does not exist' }, { status: 400 }),
      ),
    );
    const { reader } = patReader();
    const missing = await reader.getCluster('0123-456789-zzzzzzzz').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DatabricksNotFoundError);
    expect(missing).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    const bad = await reader.getWarehouse('x').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DatabricksApiError);
    expect(bad).not.toBeInstanceOf(DatabricksNotFoundError);
  });

  it('reads every error body variant', () => {
    const expected: Record<string, string> = {
      scim_not_found: 'SCIM_ERROR',
      html_pre_gateway: 'UNKNOWN',
      plain_text_code_prefix: 'MALFORMED_REQUEST',
      not_json_at_all: 'UNKNOWN',
      json_but_not_object: 'UNKNOWN',
      legacy_api_1_2: 'UNKNOWN',
      numeric_error_code: '400',
    };
    for (const variant of fixture<{ case: string; body: string }[]>('error-body-variants.json')) {
      expect(parseErrorBody(variant.body).errorCode, variant.case).toBe(expected[variant.case]);
    }
    expect(parseErrorBody('<pre>Worker environment not ready</pre>').message).toBe('Worker environment not ready');
    expect(parseErrorBody('{"error": "Error message from API 1.2"}').message).toBe('Error message from API 1.2');
  });

  it('fails loudly on a job_id that is not a safe integer', async () => {
    server.use(
      http.get(
        `${HOST}/api/2.2/jobs/get`,
        () =>
          new HttpResponse('{"job_id": 9007199254740993, "settings": {"name": "x", "tasks": []}}', {
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    await expect(patReader().reader.getJob('9007199254740993')).rejects.toThrow(/not a safe integer/);
  });

  it('computes full-jitter delays capped, with Retry-After (seconds or date) as a floor', () => {
    const base = { baseMs: 1000, maxMs: 30_000 };
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    expect(backoffDelayMs(1, { ...base, random: () => 0.5 })).toBe(500);
    expect(backoffDelayMs(2, { ...base, random: () => 0.5 })).toBe(1000);
    expect(backoffDelayMs(10, { ...base, random: () => 1 })).toBe(30_000);
    expect(backoffDelayMs(1, { ...base, random: () => 0 }, parseRetryAfterMs('3', now))).toBe(3000);
    expect(
      backoffDelayMs(1, { ...base, random: () => 0 }, parseRetryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)),
    ).toBe(10_000);
    expect(parseRetryAfterMs(null, now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBe(0);
  });
});
