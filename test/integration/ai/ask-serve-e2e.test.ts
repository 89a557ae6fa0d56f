import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { http, passthrough } from 'msw';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AiTables } from '../../../src/ai/ai-tables.ts';
import type { AiServices } from '../../../src/ai/create-ai-services.ts';
import { createAskAnswerer } from '../../../src/ai/handle-ask-comment.ts';
import { processAsk } from '../../../src/approvals/process-ask.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { createApp } from '../../../src/server/create-app.ts';
import { type ApprovalRuntime, createApprovalRuntime } from '../../../src/service/create-approval-runtime.ts';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID, type FakeUser } from '../../support/fake-jira.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices } from '../../support/fake-vertex-ai.ts';
import { server as msw } from '../../support/msw.ts';
import {
  createHarness,
  type Harness,
  JIRA_TOKEN,
  WAREHOUSE_ID,
  WEBHOOK_SECRET,
} from '../approvals/approval-harness.ts';

/**
 * `/lakewarden ask` end to end in the shape `lakewarden serve` composes it (service/start-serve.ts): a real
 * scan files the issue in the fake Jira (labels, `lakewarden` property, store row), a signed
 * `comment_created` delivery goes through the real express app into the durable inbox, and the approval
 * runtime's worker (with processAsk) answers through the fake Vertex AI and posts the reply in the fake Jira.
 */
interface AskServe {
  h: Harness;
  runtime: ApprovalRuntime;
  url: string;
  deliver(body: string, deliveryId?: string): Promise<Response>;
  drain(): Promise<void>;
  close(): Promise<void>;
}

const ANALYST: FakeUser = {
  accountId: '712020:aaaa1111-2222-4333-8444-555566667777',
  displayName: 'Ana Analyst',
  emailAddress: 'ana.analyst@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'finops-analysts', groupId: 'a1b2c3d4-0000-4000-8000-0000000000aa' }],
};

async function createAskServe(options: { aiEnabled: boolean; viewerGroupIds?: string[] }): Promise<AskServe> {
  const h = await createHarness({ users: [ANALYST] });
  const { config } = h.loaded;
  const logger = createMemoryLogger();
  const ai: AiServices | undefined = options.aiEnabled
    ? createTestAiServices(h.store.db.withTables<AiTables>(), { maxToolCalls: 4 })
    : undefined;
  const context = {
    client: createJiraClient({
      baseUrl: h.jira.baseUrl,
      email: 'lakewarden-bot@example.com',
      apiToken: JIRA_TOKEN,
      onSchemaMismatch: 'throw',
    }),
    retry: { maxRetries: 1, sleep: async () => {}, random: () => 0.5 },
  };
  const tracker = createJiraIssueTracker({ context, projectKey: 'FIN', jira: config.jira });
  const jira = tracker;
  const now = () => new Date(h.jira.state.now + 5000);
  const runtime = createApprovalRuntime({
    ports: h.ports,
    jira,
    api: createWorkspaceApi({
      host: h.dbx.host,
      auth: createPatTokenProvider(h.dbx.token),
      version: '0.1.0-test',
      sleep: async () => {},
      random: () => 0.5,
      timeoutMs: 300,
    }),
    plans: h.store,
    rules: () => loadRules(join(h.dir, 'rules'), h.loaded.config.rules),
    remediation: config.remediation,
    statuses: config.jira.statuses,
    botAccountId: FAKE_BOT_ACCOUNT_ID,
    isKillSwitchOn: () => false,
    scrub: (t) => t,
    log: { ...logger, error: logger.warn },
    now,
    random: () => 0.5,
    backoff: { baseMs: 0, maxMs: 0 },
    ask: (hint) =>
      processAsk(
        {
          answer: createAskAnswerer(ai),
          askCommand: config.ai.askCommand,
          jira,
          tracker,
          getIssueRecord: (issueId) => h.store.getIssueById(issueId),
          botAccountId: FAKE_BOT_ACCOUNT_ID,
          viewerGroupIds: options.viewerGroupIds ?? [],
          nowMs: () => now().getTime(),
          logger,
        },
        hint,
      ),
  });
  const app = createApp({
    inbox: h.ports.inbox,
    webhookSecrets: [WEBHOOK_SECRET],
    automationSecret: undefined,
    askCommand: config.ai.askCommand,
    bodyLimitBytes: config.server.bodyLimitBytes,
    logger: pino({ level: 'silent' }),
    now,
    readiness: { pingStore: () => h.store.ping(), configLoaded: () => true },
  });
  const httpServer: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => httpServer.once('listening', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  msw.use(http.all(`${url}/*`, () => passthrough()));
  return {
    h,
    runtime,
    url,
    deliver: (body, deliveryId = randomUUID()) =>
      fetch(`${url}/webhooks/jira`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'x-atlassian-webhook-identifier': deliveryId,
          'x-hub-signature': signBody(body, WEBHOOK_SECRET),
        },
        body,
      }),
    async drain() {
      for (let i = 0; i < 50; i++) if ((await runtime.workOnce()).kind === 'idle') break;
      for (let i = 0; i < 50; i++) if ((await runtime.relayOnce()) === 0) break;
    },
    async close() {
      await new Promise((resolve) => httpServer.close(resolve));
      await h.close();
    },
  };
}

/** A Cloud `comment_created` delivery (jira.md §3.2: comment events carry `comment` and `issue`; webhook bodies are wiki markup). */
function commentBody(issue: { issueId: string; issueKey: string }, authorAccountId: string, text: string): string {
  return JSON.stringify({
    timestamp: 1_793_000_000_000,
    webhookEvent: 'comment_created',
    user: { accountId: authorAccountId, displayName: 'Someone' },
    issue: { id: issue.issueId, key: issue.issueKey, fields: { labels: ['lakewarden'] } },
    comment: {
      id: `c-${randomUUID()}`,
      author: { accountId: authorAccountId },
      body: text,
      created: '2026-11-02T09:00:00.000+0000',
    },
  });
}

function commentsOf(s: AskServe, issueId: string) {
  return s.h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
}

/** The estimate the scan stored in the issue's `lakewarden` property, as the answer would print it. */
function estimateText(s: AskServe, issueId: string): string {
  const property = s.h.jira.state.issues.find((i) => i.id === issueId)?.properties.lakewarden as
    | { estimate?: { usdPerMonth?: number } }
    | undefined;
  const usd = property?.estimate?.usdPerMonth;
  if (usd === undefined) throw new Error('the scan stored no estimate');
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

let current: AskServe | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('/lakewarden ask in serve: signed comment webhook → inbox → worker → Vertex AI → reply comment', () => {
  it('answers a question through two tool calls over the data the last scan kept, and posts the reply as a comment by the bot', async () => {
    const s = await createAskServe({ aiEnabled: true });
    current = s;
    useFakeVertex([{ status: 400 }]); // the scan's AI analysis of the new issue is refused; filing goes on
    const issue = await s.h.scan({ withAi: true });
    const estimate = estimateText(s, issue.issueId);
    const vertex = useFakeVertex([
      { functionCalls: [{ name: 'get_finding', args: {} }] },
      { functionCalls: [{ name: 'get_cost_by_day', args: { days: 7 } }] },
      {
        text: `It cost $44.10 on its most expensive recent day; stopping the warehouse after 10 idle minutes saves an estimated ${estimate} per month.`,
      },
    ]);
    const before = commentsOf(s, issue.issueId).length;

    const response = await s.deliver(
      commentBody(issue, FAKE_OWNER_ACCOUNT_ID, '/lakewarden ask how much would the fix save?'),
    );
    expect(response.status).toBe(202);
    expect(vertex.bodies).toHaveLength(0); // the handler only stored the delivery
    await s.drain();

    expect(vertex.bodies).toHaveLength(3);
    // The scan kept the warehouse's daily cost series: the tool answered with real data, not "not available".
    const toolTurn = JSON.stringify(vertex.bodies[2]);
    expect(toolTurn).toContain('"costUsd":44.1');
    expect(toolTurn).not.toContain('"available":false');
    const comments = commentsOf(s, issue.issueId).slice(before);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.authorAccountId).toBe(FAKE_BOT_ACCOUNT_ID);
    expect(JSON.stringify(comments[0]?.body)).toContain(estimate);
    expect(JSON.stringify(comments[0]?.body)).toContain('finding: estimate.usdPerMonth');
    expect(JSON.stringify(comments[0]?.body)).toContain('$44.10');
  });

  it('ignores the bot’s own comment and a comment without the command: no model call, no reply', async () => {
    const s = await createAskServe({ aiEnabled: true });
    current = s;
    const issue = await s.h.scan();
    const vertex = useFakeVertex([{ text: 'must not be asked' }]);
    const before = commentsOf(s, issue.issueId).length;

    const own = await s.deliver(commentBody(issue, FAKE_BOT_ACCOUNT_ID, '/lakewarden ask loop forever?'));
    expect(own.status).toBe(202); // stored like any delivery; the worker ignores it
    const plain = await s.deliver(commentBody(issue, FAKE_OWNER_ACCOUNT_ID, 'Thanks, we will look at it.'));
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ status: 'ignored' });
    const steps = [await s.runtime.workOnce(), await s.runtime.workOnce()];
    expect(steps.map((step) => step.kind)).toEqual(['done', 'idle']);
    expect(steps[0]).toMatchObject({ outcome: 'asked' });

    expect(vertex.bodies).toHaveLength(0);
    expect(commentsOf(s, issue.issueId).length).toBe(before);
  });

  it('with AI off answers a question with one short reply saying so, at most once per issue per UTC day', async () => {
    const s = await createAskServe({ aiEnabled: false });
    current = s;
    const issue = await s.h.scan();
    const vertex = useFakeVertex([{ text: 'must not be asked' }]);
    const before = commentsOf(s, issue.issueId).length;

    const response = await s.deliver(commentBody(issue, FAKE_OWNER_ACCOUNT_ID, '/lakewarden ask what does it cost?'));
    expect(response.status).toBe(202);
    await s.drain();
    const replies = commentsOf(s, issue.issueId).slice(before);
    expect(replies).toHaveLength(1);
    const text = JSON.stringify(replies[0]?.body);
    expect(text).toContain('AI answers are turned off on this lakewarden installation (ai.enabled: false)');
    expect(text).toContain('lakewarden-ref:ask-unavailable:');

    // A second question the same day: no second "unavailable" reply (rate limited per issue).
    await s.deliver(commentBody(issue, FAKE_OWNER_ACCOUNT_ID, '/lakewarden ask and now?'));
    await s.drain();
    expect(commentsOf(s, issue.issueId).slice(before)).toHaveLength(1);
    // A plain comment is still ignored at the door.
    const plain = await s.deliver(commentBody(issue, FAKE_OWNER_ACCOUNT_ID, 'thanks, looking into it'));
    expect(await plain.json()).toEqual({ status: 'ignored' });
    expect(vertex.bodies).toHaveLength(0);
  });

  it('answers someone who is neither assignee nor reporter only when they are in a viewer group', async () => {
    const refused = await createAskServe({ aiEnabled: true });
    current = refused;
    const issue = await refused.h.scan();
    const none = useFakeVertex([{ text: 'must not be asked' }]);
    const before = commentsOf(refused, issue.issueId).length;
    await refused.deliver(commentBody(issue, ANALYST.accountId, '/lakewarden ask what does it cost?'));
    expect(await refused.runtime.workOnce()).toMatchObject({ kind: 'done', outcome: 'asked' });
    expect(none.bodies).toHaveLength(0);
    expect(commentsOf(refused, issue.issueId).length).toBe(before);
    await refused.close();
    current = undefined;

    const allowed = await createAskServe({ aiEnabled: true, viewerGroupIds: [ANALYST.groups[0]?.groupId ?? ''] });
    current = allowed;
    const second = await allowed.h.scan();
    const estimate = estimateText(allowed, second.issueId);
    const vertex = useFakeVertex([{ text: `The fix saves an estimated ${estimate} per month.` }]);
    await allowed.deliver(commentBody(second, ANALYST.accountId, '/lakewarden ask what does it cost?'));
    await allowed.drain();
    expect(vertex.bodies).toHaveLength(1);
    expect(JSON.stringify(commentsOf(allowed, second.issueId).at(-1)?.body)).toContain(estimate);
  });

  it('answers a delivery received twice once, and the same comment sent by a second webhook once', async () => {
    const s = await createAskServe({ aiEnabled: true });
    current = s;
    const issue = await s.h.scan();
    const estimate = estimateText(s, issue.issueId);
    const vertex = useFakeVertex([{ text: `The fix saves an estimated ${estimate} per month.` }]);
    const before = commentsOf(s, issue.issueId).length;
    const body = commentBody(issue, FAKE_OWNER_ACCOUNT_ID, '/lakewarden ask what does the fix save?');

    expect((await s.deliver(body, '90000000000000001')).status).toBe(202);
    expect((await s.deliver(body, '90000000000000001')).status).toBe(200);
    await s.drain();
    expect((await s.deliver(body, '90000000000000001')).status).toBe(200);
    await s.drain();
    // Another registered webhook (or a retry after a lost response): a new delivery id, the same comment.
    expect((await s.deliver(body, '90000000000000002')).status).toBe(202);
    await s.drain();

    expect(vertex.bodies).toHaveLength(1);
    const replies = commentsOf(s, issue.issueId).slice(before);
    expect(replies).toHaveLength(1);
    const commentId = (JSON.parse(body) as { comment: { id: string } }).comment.id;
    expect(JSON.stringify(replies[0]?.body)).toContain(`lakewarden-ref:ask:${commentId}`);
  });

  it('on a Vertex AI failure tells the asker the model did not answer, completes the delivery, and a later approval still executes', async () => {
    const s = await createAskServe({ aiEnabled: true });
    current = s;
    const issue = await s.h.scan();
    const vertex = useFakeVertex([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    const before = commentsOf(s, issue.issueId).length;

    await s.deliver(commentBody(issue, FAKE_OWNER_ACCOUNT_ID, '/lakewarden ask why is this open?'));
    const step = await s.runtime.workOnce();
    expect(step).toMatchObject({ kind: 'done', outcome: 'asked' });
    expect(await s.runtime.workOnce()).toEqual({ kind: 'idle' }); // not deferred for a retry
    expect(vertex.bodies.length).toBeGreaterThan(0);
    const replies = commentsOf(s, issue.issueId).slice(before);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.body)).toContain('The model endpoint did not answer');

    s.h.jira.transitionAs(issue.issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    expect((await s.deliver(s.h.webhookBody(issue.issueId))).status).toBe(202);
    await s.drain();
    const [action] = await s.h.ports.actions.listByStates(['verified']);
    expect(action?.approver?.accountId).toBe(FAKE_OWNER_ACCOUNT_ID);
    expect(s.h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBeGreaterThanOrEqual(10);
  });
});
