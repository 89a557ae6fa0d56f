import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AiTables } from '../../../src/ai/ai-tables.ts';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createServices, type Services } from '../../../src/main.ts';
import { type RunningServer, startServe } from '../../../src/service/start-serve.ts';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createTestAiServices } from '../../support/fake-vertex-ai.ts';
import { server as msw } from '../../support/msw.ts';
import { createHarness, type Harness, WEBHOOK_SECRET } from '../approvals/approval-harness.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** `startServe` as `lakewarden serve` runs it, over the harness's fake Jira, fake Databricks and SQLite file. */
async function serve(h: Harness, aiEnabled: boolean): Promise<{ running: RunningServer; services: Services }> {
  const services = await createServices(h.loaded, {
    logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    sleep: async () => {},
  });
  // createServices builds Vertex AI with Application Default Credentials; the test injects the fake's auth.
  services.ai = aiEnabled ? createTestAiServices((await services.store.open()).db.withTables<AiTables>()) : undefined;
  msw.use(http.all('http://127.0.0.1:*', () => passthrough()));
  const running = await startServe(h.loaded, services, { version: 'test', port: 0, host: '127.0.0.1' });
  cleanup = async () => {
    await running.stop(1000);
    await services.close();
    await h.close();
  };
  return { running, services };
}

function askBody(issue: { issueId: string; issueKey: string }, text: string): string {
  return JSON.stringify({
    webhookEvent: 'comment_created',
    user: { accountId: FAKE_OWNER_ACCOUNT_ID },
    issue: { id: issue.issueId, key: issue.issueKey, fields: { labels: ['lakewarden'] } },
    comment: { id: `c-${randomUUID()}`, author: { accountId: FAKE_OWNER_ACCOUNT_ID }, body: text },
  });
}

function post(url: string, body: string): Promise<Response> {
  return fetch(`${url}/webhooks/jira`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': randomUUID(),
      'x-hub-signature': signBody(body, WEBHOOK_SECRET),
    },
    body,
  });
}

describe('lakewarden serve wires /lakewarden ask (startServe → prepareService → runtime)', () => {
  it('with AI on, the running worker answers a signed question with a bot comment', async () => {
    const h = await createHarness();
    const issue = await h.scan();
    const { running } = await serve(h, true);
    const vertex = useFakeVertex([{ text: 'I cannot see daily costs here; the finding is the evidence above.' }]);
    const comments = () => h.jira.state.issues.find((i) => i.id === issue.issueId)?.comments ?? [];
    const before = comments().length;

    expect((await post(running.url, askBody(issue, '/lakewarden ask is it costly?'))).status).toBe(202);
    await vi.waitFor(() => expect(comments().length).toBe(before + 1), { timeout: 5000 });

    expect(vertex.bodies).toHaveLength(1);
    expect(comments().at(-1)?.authorAccountId).toBe(FAKE_BOT_ACCOUNT_ID);
  });

  it('with AI off, a question is stored and the running worker replies once that AI is off (no model call)', async () => {
    const h = await createHarness();
    const issue = await h.scan();
    const { running } = await serve(h, false);
    const vertex = useFakeVertex([{ text: 'must not be asked' }]);
    const comments = () => h.jira.state.issues.find((i) => i.id === issue.issueId)?.comments ?? [];
    const before = comments().length;

    expect((await post(running.url, askBody(issue, '/lakewarden ask is it costly?'))).status).toBe(202);
    await vi.waitFor(() => expect(comments().length).toBe(before + 1), { timeout: 5000 });

    expect(vertex.bodies).toHaveLength(0);
    expect(comments().at(-1)?.authorAccountId).toBe(FAKE_BOT_ACCOUNT_ID);
    expect(JSON.stringify(comments().at(-1)?.body)).toContain('ai.enabled: false');
  });
});
