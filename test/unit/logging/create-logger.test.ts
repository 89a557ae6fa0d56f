import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/create-logger.ts';
import { createScrubber } from '../../../src/logging/scrub-secrets.ts';

const JIRA_TOKEN = 'ATATT3xFfGF0-jira-token-Q9w8e7r6';
const WEBHOOK_SECRET = 'whsec-3c9f1e77a2b4';
const CLIENT_SECRET = 'dose-client-secret-55aa21';
/** Not in the environment: caught by its shape only. */
const DAPI = `dapi${'0123456789abcdef'.repeat(2)}`;
const BASIC = Buffer.from(`bot@example.com:${JIRA_TOKEN}`).toString('base64');
const OPAQUE_BEARER = 'eyJhbGciOiJSUzI1NiJ9.payload-part.signature-part';
const SECRETS = [JIRA_TOKEN, WEBHOOK_SECRET, CLIENT_SECRET, DAPI, BASIC, OPAQUE_BEARER];

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({
    level: 'trace',
    scrub: createScrubber([JIRA_TOKEN, WEBHOOK_SECRET, CLIENT_SECRET]),
    destination,
  });
  return { logger, lines };
}

function leaks(lines: string[]): string[] {
  const text = lines.join('\n');
  return SECRETS.filter((s) => text.includes(s));
}

describe('createLogger: no secret value reaches a log line', () => {
  it('redacts secret headers by key and scrubs secret values wherever they are', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { method: 'POST', url: '/webhooks/jira', headers: { authorization: `Bearer ${OPAQUE_BEARER}` } },
        headers: { authorization: `Basic ${BASIC}`, 'x-hub-signature': `sha256=${WEBHOOK_SECRET}` },
        upstream: { config: { headers: { Authorization: `Bearer ${DAPI}` } } },
        nested: { level1: { level2: { level3: [`token is ${JIRA_TOKEN}`, { deep: CLIENT_SECRET }] } } },
        token: JIRA_TOKEN,
        url: `https://example.atlassian.net/rest/api/3/myself?sig=${WEBHOOK_SECRET}`,
      },
      `calling Jira with ${JIRA_TOKEN}`,
    );
    expect(lines).toHaveLength(1);
    expect(leaks(lines)).toEqual([]);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line.msg).toBe('calling Jira with [REDACTED]');
    expect(line.token).toBe('[REDACTED]');
    expect(JSON.stringify(line.nested)).toContain('token is [REDACTED]');
    expect((line.req as { method: string }).method).toBe('POST'); // the rest of the line survives
  });

  it('scrubs err.message, err.stack and the cause chain, for err, error and any other key holding an Error', () => {
    const { logger, lines } = capture();
    const cause = new Error(`401 with Authorization: Basic ${BASIC}`);
    const error = new Error(`Databricks rejected ${DAPI} (client secret ${CLIENT_SECRET})`, { cause });
    error.stack = `Error: Databricks rejected ${DAPI}\n    at call (${JIRA_TOKEN}.ts:1:1)`;
    logger.error({ err: error }, 'job failed');
    logger.error({ error }, 'loop failed');
    logger.warn({ failure: error, list: [error] }, 'other key');
    expect(lines).toHaveLength(3);
    expect(leaks(lines)).toEqual([]);
    const first = JSON.parse(lines[0] ?? '{}') as { err: { message: string; stack: string } };
    expect(first.err.message).toContain('Databricks rejected [REDACTED]');
    expect(first.err.stack).toContain('at call ([REDACTED].ts:1:1)');
  });

  it('scrubs child-logger bindings (ids that carry a secret by mistake)', () => {
    const { logger, lines } = capture();
    logger.child({ scanId: 'scan-1', source: `https://host/?token=${JIRA_TOKEN}` }).info({ rule: 'r1' }, 'rule done');
    expect(leaks(lines)).toEqual([]);
    expect(lines[0]).toContain('"scanId":"scan-1"');
  });
});
