import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { http, passthrough } from 'msw';
import { type Logger, pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createApp } from '../../../src/server/create-app.ts';
import { MemoryInbox } from '../../support/memory-inbox.ts';
import { server as msw } from '../../support/msw.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/jira/${name}`, import.meta.url));
const approvedBody = fixture('webhook-cloud-issue-updated-status-approved.json');
const approvedHeaders = JSON.parse(
  fixture('webhook-cloud-issue-updated-status-approved.headers.json').toString(),
) as Record<string, string>;
const SECRET = approvedHeaders._secret_for_tests ?? '';
const OLD_SECRET = 'the-previous-secret';

interface Running {
  url: string;
  inbox: MemoryInbox;
  ready: { store: boolean };
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function start(
  options: { secrets?: string[]; automationSecret?: string; limit?: number; logger?: Logger } = {},
): Promise<Running> {
  const inbox = new MemoryInbox();
  const ready = { store: true };
  const app = createApp({
    inbox,
    webhookSecrets: options.secrets ?? [OLD_SECRET, SECRET],
    automationSecret: options.automationSecret,
    bodyLimitBytes: options.limit ?? 256 * 1024,
    logger: options.logger ?? pino({ level: 'silent' }),
    now: () => new Date('2026-09-26T10:41:05Z'),
    readiness: {
      pingStore: async () => {
        if (!ready.store) throw new Error('down');
      },
      configLoaded: () => true,
    },
  });
  const server = app.listen(0);
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // The real app on loopback: let these requests through the test-wide msw guard.
  msw.use(http.all(`${url}/*`, () => passthrough()));
  return { url, inbox, ready, server };
}

function post(
  run: Running,
  body: Uint8Array | string,
  headers: Record<string, string>,
  path = '/webhooks/jira',
): Promise<Response> {
  return fetch(`${run.url}${path}`, { method: 'POST', body, headers });
}

function signedHeaders(body: Uint8Array | string, id: string, secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json; charset=UTF-8',
    'x-atlassian-webhook-identifier': id,
    'x-hub-signature': signBody(body, secret),
  };
}

describe('POST /webhooks/jira', () => {
  it('accepts the real signed fixture delivery with its captured headers (202) and stores the raw bytes', async () => {
    const run = await start();
    const headers = {
      'content-type': approvedHeaders['content-type'] ?? '',
      'x-atlassian-webhook-identifier': approvedHeaders['x-atlassian-webhook-identifier'] ?? '',
      'x-hub-signature': approvedHeaders['x-hub-signature'] ?? '',
    };
    const res = await post(run, approvedBody, headers);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted' });
    expect(run.inbox.deliveries.get('71839201554120037')?.body).toBe(approvedBody.toString('utf8'));
  });

  it.each([
    ['missing', undefined],
    ['wrong HMAC of the right length', `sha256=${'0'.repeat(64)}`],
    ['wrong length', `sha256=${'a'.repeat(62)}`],
    ['non-hex', `sha256=${'z'.repeat(64)}`],
    ['sha1 prefix', `sha1=${'a'.repeat(40)}`],
    ['no prefix', signBody(approvedBody, SECRET).slice('sha256='.length)],
    ['signed with an unknown secret', signBody(approvedBody, 'not-configured')],
  ])('answers 401 and stores nothing for a %s signature', async (_name, signature) => {
    const run = await start();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': 'id-1',
    };
    if (signature !== undefined) headers['x-hub-signature'] = signature;
    const res = await post(run, approvedBody, headers);
    expect(res.status).toBe(401);
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('rejects the same JSON re-serialised with the original signature (verification is over raw bytes)', async () => {
    const run = await start();
    const reserialised = JSON.stringify(JSON.parse(approvedBody.toString('utf8')));
    expect(reserialised).not.toBe(approvedBody.toString('utf8'));
    const res = await post(run, reserialised, {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': 'id-2',
      'x-hub-signature': approvedHeaders['x-hub-signature'] ?? '',
    });
    expect(res.status).toBe(401);
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('accepts a delivery signed by either rotated secret, and not by a third', async () => {
    const run = await start({ secrets: ['secret-old', 'secret-new'] });
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'a', 'secret-old'))).status).toBe(202);
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'b', 'secret-new'))).status).toBe(202);
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'c', 'secret-other'))).status).toBe(401);
    expect([...run.inbox.deliveries.keys()].sort()).toEqual(['a', 'b']);
  });

  it('answers 405 with Allow: POST for other methods on the path and 404 elsewhere', async () => {
    const run = await start();
    const get = await fetch(`${run.url}/webhooks/jira`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${run.url}/webhooks/jira`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${run.url}/webhooks/other`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 415 for a non-JSON content type, even when correctly signed', async () => {
    const run = await start();
    const headers = { ...signedHeaders(approvedBody, 'x'), 'content-type': 'text/plain' };
    expect((await post(run, approvedBody, headers)).status).toBe(415);
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('answers 413 for a body over the limit without checking the signature', async () => {
    const run = await start({ limit: 2048 });
    const big = JSON.stringify({ issue: { id: '1' }, pad: 'x'.repeat(4096) });
    // Deliberately unsigned: a 413 (not 401) proves the size check comes before any HMAC work.
    const res = await post(run, big, { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'big' });
    expect(res.status).toBe(413);
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('answers 400 for signed invalid JSON or a signed body without issue.id', async () => {
    const run = await start();
    const broken = '{"issue": ';
    expect((await post(run, broken, signedHeaders(broken, 'j'))).status).toBe(400);
    const noId = JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { key: 'X-1' } });
    expect((await post(run, noId, signedHeaders(noId, 'k'))).status).toBe(400);
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('keys a signed delivery without X-Atlassian-Webhook-Identifier (Jira Data Center) by its changelog id: a resend is a duplicate', async () => {
    const run = await start();
    const { 'x-atlassian-webhook-identifier': _dropped, ...withoutId } = signedHeaders(approvedBody, 'l');
    expect((await post(run, approvedBody, withoutId)).status).toBe(202);
    expect((await post(run, approvedBody, withoutId)).status).toBe(200);
    expect(run.inbox.deliveries.size).toBe(1);
    expect([...run.inbox.deliveries.keys()][0]).toMatch(/^jira-webhook:/);
  });

  it('answers 200 "ignored" for a signed delivery without a status change and stores nothing', async () => {
    const run = await start();
    const body = fixture('webhook-cloud-issue-updated-resolution-only.json');
    const res = await post(run, body, signedHeaders(body, 'res-only'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored' });
    expect(run.inbox.deliveries.size).toBe(0);
  });

  it('stores one of 10 parallel copies of one delivery; the other 9 get 200 duplicate, retries too', async () => {
    const run = await start();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(run, approvedBody, signedHeaders(approvedBody, 'same-id'))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    const retry = await post(run, approvedBody, {
      ...signedHeaders(approvedBody, 'same-id'),
      'x-atlassian-webhook-retry': '1',
    });
    expect(retry.status).toBe(200);
    expect(run.inbox.deliveries.size).toBe(1);
  });

  it('answers a byte-identical redelivery of a stored delivery 200 duplicate without recording it again; another body under that id takes the full path', async () => {
    const run = await start();
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'redelivered'))).status).toBe(202);
    const record = vi.spyOn(run.inbox, 'recordDelivery');
    const again = await post(run, approvedBody, signedHeaders(approvedBody, 'redelivered'));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(record).not.toHaveBeenCalled();
    const ignored = fixture('webhook-cloud-issue-updated-resolution-only.json');
    const other = await post(run, ignored, signedHeaders(ignored, 'redelivered'));
    expect(await other.json()).toEqual({ status: 'ignored' });
    const broken = '{"issue": ';
    expect((await post(run, broken, signedHeaders(broken, 'redelivered'))).status).toBe(400);
    const reordered = JSON.stringify(JSON.parse(approvedBody.toString('utf8')));
    const same = await post(run, reordered, signedHeaders(reordered, 'redelivered'));
    expect(await same.json()).toEqual({ status: 'duplicate' });
    expect(record).toHaveBeenCalledTimes(1);
    expect(run.inbox.deliveries.size).toBe(1);
  });

  it('answers as before when the redelivery lookup fails: 400 for signed invalid JSON, 503 for a delivery to store', async () => {
    const run = await start();
    run.inbox.failing = true;
    const broken = '{"issue": ';
    expect((await post(run, broken, signedHeaders(broken, 'down-1'))).status).toBe(400);
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'down-2'))).status).toBe(503);
  });

  it('answers 503 when the store cannot persist, so Jira retries', async () => {
    const run = await start();
    run.inbox.failing = true;
    const res = await post(run, approvedBody, signedHeaders(approvedBody, 'while-down'));
    expect(res.status).toBe(503);
    run.inbox.failing = false;
    expect((await post(run, approvedBody, signedHeaders(approvedBody, 'while-down'))).status).toBe(202);
  });

  it('accepts a Data Center delivery (actor name/key, no fieldId)', async () => {
    const run = await start();
    const body = fixture('webhook-dc-issue-updated-status-closed.json');
    expect((await post(run, body, signedHeaders(body, 'dc-1'))).status).toBe(202);
  });
});

describe('POST /webhooks/jira/automation', () => {
  const custom = JSON.stringify({ issueId: '10452', key: 'FINOPS-17', actor: '712020:owner', changelogId: '10871' });

  it('is absent (404) when no automation secret is configured', async () => {
    const run = await start();
    const res = await post(
      run,
      custom,
      { 'content-type': 'application/json', 'x-lakewarden-secret': 'x' },
      '/webhooks/jira/automation',
    );
    expect(res.status).toBe(404);
  });

  it('requires the shared secret and dedupes on issue id + changelog id', async () => {
    const run = await start({ automationSecret: 'automation-secret' });
    const path = '/webhooks/jira/automation';
    expect((await post(run, custom, { 'content-type': 'application/json' }, path)).status).toBe(401);
    expect(
      (
        await post(
          run,
          custom,
          { 'content-type': 'application/json', 'x-lakewarden-secret': 'automation-secreT' },
          path,
        )
      ).status,
    ).toBe(401);
    const ok = { 'content-type': 'application/json', 'x-lakewarden-secret': 'automation-secret' };
    expect((await post(run, custom, ok, path)).status).toBe(202);
    const reordered = JSON.stringify({ changelogId: '10871', issueId: 10452, actor: '712020:owner' });
    expect((await post(run, reordered, ok, path)).status).toBe(200);
    expect([...run.inbox.deliveries.keys()]).toEqual(['automation:10452:10871']);
  });
});

describe('health', () => {
  it('/healthz is 200 while /readyz follows the store ping', async () => {
    const run = await start();
    expect((await fetch(`${run.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${run.url}/readyz`)).status).toBe(200);
    run.ready.store = false;
    const res = await fetch(`${run.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', failing: 'store' });
    expect((await fetch(`${run.url}/healthz`)).status).toBe(200);
  });
});

describe('fuzzed payloads', () => {
  it('answers 4xx or 2xx to any signed JSON value, never 5xx', async () => {
    const run = await start();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (body) => {
        n += 1;
        const res = await post(run, body, signedHeaders(body, `fuzz-${n}`));
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 120, seed: 7 },
    );
  });
});

describe('webhook logging per request', () => {
  const linesAt = async (level: string): Promise<Array<{ level: number; msg: string; deliveryId?: string }>> => {
    const lines: string[] = [];
    const logger = pino({ level }, { write: (line: string) => lines.push(line) });
    const run = await start({ logger });
    const response = await post(run, approvedBody, signedHeaders(approvedBody, 'delivery-log-1'));
    expect(response.status).toBe(202);
    return lines.map((line) => JSON.parse(line) as { level: number; msg: string; deliveryId?: string });
  };

  it('writes no line for an accepted delivery at the default level info', async () => {
    expect(await linesAt('info')).toEqual([]);
  });

  it('writes one warn line with the delivery id and reason for a rejected signature', async () => {
    const lines: string[] = [];
    const run = await start({ logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) });
    const headers = { ...signedHeaders(approvedBody, 'delivery-bad-1'), 'x-hub-signature': `sha256=${'0'.repeat(64)}` };
    expect((await post(run, approvedBody, headers)).status).toBe(401);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: 40,
        deliveryId: 'delivery-bad-1',
        reason: 'mismatch',
        msg: 'Webhook signature rejected',
      }),
    ]);
  });

  it('keeps the per-delivery lines at debug, with the delivery id', async () => {
    const lines = await linesAt('debug');
    expect(lines.map((l) => l.msg)).toEqual(['webhook signature verified', 'webhook delivery recorded']);
    expect(lines.every((l) => l.deliveryId === 'delivery-log-1')).toBe(true);
  });
});
