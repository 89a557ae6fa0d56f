import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ExternalServiceError } from '../../../src/errors.ts';
import { createHarness, draftFor } from './harness.ts';

const rateLimited = JSON.parse(
  readFileSync(new URL('../../fixtures/jira/rest-rate-limited-429.json', import.meta.url), 'utf8'),
) as {
  status: number;
  headers: Record<string, string>;
};
const deadToken = JSON.parse(
  readFileSync(new URL('../../fixtures/jira/rest-dead-token-200.json', import.meta.url), 'utf8'),
) as {
  headers: Record<string, string>;
  body: unknown;
};

describe('Jira retries', () => {
  it('retries a 429 after waiting at least Retry-After', async () => {
    const { tracker, fake, sleep } = createHarness();
    await tracker.createIssues([draftFor('abcd')]);
    fake.failNext('POST', /\/search\/jql$/, rateLimited.status, rateLimited.headers);
    const found = await tracker.findByFingerprints(['abcd'], []);
    expect(found.map((i) => i.fingerprint)).toEqual(['abcd']);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(7000);
    expect(
      fake
        .calls()
        .filter((c) => c.path === '/rest/api/3/search/jql')
        .map((c) => c.status),
    ).toEqual([429, 200]);
  });

  it('gives up after maxRetries with ExternalServiceError', async () => {
    const { tracker, fake, sleep } = createHarness({ maxRetries: 2 });
    fake.failNext('POST', /\/search\/jql$/, 429, { 'Retry-After': '3' }, 10);
    const error = await tracker.findByFingerprints(['abcd'], []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect((error as ExternalServiceError).status).toBe(429);
    expect(fake.calls()).toHaveLength(3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([3000, 3000]);
  });

  it('backs off with capped, jittered exponential delays on a 503 without Retry-After', async () => {
    const { tracker, fake, sleep } = createHarness({ maxRetries: 3 });
    fake.failNext('GET', /\/myself$/, 503, {}, 3);
    await expect(tracker.whoAmI()).resolves.toMatchObject({ displayName: 'lakewarden' });
    // random() = 0.5 → half of 1000, 2000, 4000.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([500, 1000, 2000]);
  });

  it('never re-sends a bulk create answered 503: the chunk is reported failed, nothing duplicated', async () => {
    const { tracker, fake, sleep } = createHarness();
    fake.failNext('POST', /\/issue\/bulk$/, 503, { 'Retry-After': '1' });
    const results = await tracker.createIssues([draftFor('abcd')]);
    expect(results).toEqual([{ fingerprint: 'abcd', ok: false, error: expect.stringContaining('503') }]);
    expect(fake.writes().filter((c) => c.path === '/rest/api/3/issue/bulk')).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries a bulk create answered 429 (rejected before any write) and creates each issue once', async () => {
    const { tracker, fake } = createHarness();
    fake.failNext('POST', /\/issue\/bulk$/, 429, { 'Retry-After': '2' });
    const results = await tracker.createIssues([draftFor('abcd')]);
    expect(results).toMatchObject([{ fingerprint: 'abcd', ok: true, key: 'FIN-1' }]);
    expect(fake.state.issues).toHaveLength(1);
  });
});

describe('Jira credentials', () => {
  it('bad credentials: whoAmI throws AuthenticationError naming JIRA_API_TOKEN, without retrying', async () => {
    const { tracker, fake, sleep } = createHarness({ apiToken: 'revoked-token' });
    const error = await tracker.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(
      'Jira rejected the credentials: check JIRA_EMAIL and JIRA_API_TOKEN (while trying to read the current user)',
    );
    expect(fake.calls()).toEqual([expect.objectContaining({ method: 'GET', path: '/rest/api/3/myself', status: 401 })]);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('a dead token answered 200 without an accountId is detected at whoAmI', async () => {
    const { tracker, fake } = createHarness();
    fake.state.credentials = 'dead-200';
    const error = await tracker.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('JIRA_API_TOKEN');
    const [call] = fake.calls();
    expect(call?.status).toBe(200);
    expect(deadToken.headers['X-Seraph-LoginReason']).toBe('AUTHENTICATED_FAILED');
  });

  it('a 401 on a write is an AuthenticationError, not a failed CreateResult', async () => {
    const { tracker } = createHarness({ apiToken: 'revoked-token' });
    await expect(tracker.createIssues([draftFor('abcd')])).rejects.toBeInstanceOf(AuthenticationError);
  });
});
