import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { RemediationSection } from '../../../src/config/remediation-section.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { parseWebhook } from '../../../src/intake/parse-webhook.ts';
import type { FiledPlan } from '../../../src/remediation/filed-plan.ts';
import { createApprovalRuntime } from '../../../src/service/create-approval-runtime.ts';
import { createApprovalPorts } from '../../../src/store/approval-ports/create-approval-ports.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { verifyChain } from '../../../src/store/history-store.ts';
import type { FetchedIssue } from '../../../src/tracker/issue-tracker.ts';
import { APPROVED_AT, BOT, fetchedIssue, OWNER } from '../../support/approval-builders.ts';
import { createFakeDatabricksWorkspace } from '../../support/fake-databricks-workspace.ts';
import { AUTO_STOP_RULE, fileAutoStopPlan } from '../../support/filed-plans.ts';
import { MemoryApprovalJira } from '../../support/memory-approval-jira.ts';
import { server as msw } from '../../support/msw.ts';
import { adminQuery, createTestSchema, pgAvailable, pgUnavailableReason } from '../../support/postgres.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';

const APPROVALS = 220;
const WORKERS = 4;
const NOW = new Date(Date.parse(APPROVED_AT.replace('+0000', 'Z')) + 10 * 60_000);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The fixture approval re-targeted at issue n / warehouse n, with the plan a scan filed for it. */
function issueFor(n: number): { issue: FetchedIssue; filed: FiledPlan } {
  const base = fetchedIssue();
  const id = String(20_000 + n);
  const { filed, property } = fileAutoStopPlan({
    issueId: id,
    issueKey: `FIN-${n}`,
    warehouseId: `wh-${n}`,
    owner: `owner-${n}@example.com`,
  });
  return {
    issue: { ...base, id, key: `FIN-${n}`, labels: ['lakewarden', 'lw-cost', `lw-fp-${filed.fingerprint}`], property },
    filed,
  };
}

function webhookBody(issue: FetchedIssue): string {
  const approval = issue.changelog.at(-1);
  return JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    user: { accountId: OWNER },
    issue: { id: issue.id, key: issue.key },
    changelog: { id: approval?.id, items: approval?.items },
  });
}

/** One approval runtime per store (replica), all on the same fakes, clock and settings. */
function replicaRuntimes(
  stores: readonly OpenedStore[],
  options: {
    dbx: ReturnType<typeof createFakeDatabricksWorkspace>;
    jira: MemoryApprovalJira;
    remediation: RemediationSection;
    now: Date;
    prefix: string;
  },
) {
  const { dbx, jira, now } = options;
  const jiraPort = Object.assign(jira, {
    hasCommentWith: async (issueId: string, marker: string) =>
      jira.comments.some((c) => c.issueId === issueId && JSON.stringify(c.body).includes(marker)),
    currentStatus: async (issueId: string) => jira.issues.get(issueId)?.status.name ?? '',
  });
  return stores.map((store, i) =>
    createApprovalRuntime({
      ports: createApprovalPorts(store, () => now),
      jira: jiraPort,
      api: createWorkspaceApi({
        host: dbx.host,
        auth: createPatTokenProvider(dbx.token),
        version: 'test',
        sleep: async () => undefined,
      }),
      plans: store,
      rules: async () => [compileRuleFile(AUTO_STOP_RULE)],
      remediation: options.remediation,
      statuses: JiraSection.parse({}).statuses,
      botAccountId: BOT,
      isKillSwitchOn: () => false,
      scrub: (t) => t,
      log: silent,
      workerId: `${options.prefix}-${i}`,
      now: () => now,
      backoff: { baseMs: 0, maxMs: 0 },
    }),
  );
}

describe.skipIf(!pgAvailable)(
  `several replicas on one PostgreSQL${pgAvailable ? '' : ` — SKIPPED, Postgres unreachable: ${pgUnavailableReason}`}`,
  () => {
    let schema: Awaited<ReturnType<typeof createTestSchema>>;
    const stores: OpenedStore[] = [];
    beforeAll(async () => {
      schema = await createTestSchema();
      // kysely's Migrator looks for its bookkeeping tables in *every* schema (introspection without
      // migrationTableSchema), so another test schema that already has them makes it skip creating ours
      // and fail with 'relation "kysely_migration_lock" does not exist'. Create them here first, with
      // kysely's own DDL (see the report on src/store/run-migrations.ts).
      await adminQuery(
        `create table ${schema.schema}.kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null);
         create table ${schema.schema}.kysely_migration_lock (id varchar(255) not null primary key, is_locked integer not null default 0)`,
      );
      for (let i = 0; i < WORKERS; i++) stores.push(await createStore({ databaseUrl: schema.url, sqlitePath: '' }));
    });
    afterAll(async () => {
      for (const store of stores) await store.close();
      await schema?.drop();
    });

    it(`${WORKERS} workers (separate pools), ${APPROVALS} approvals delivered 3× each (duplicate id + second webhook) → exactly one Databricks write per approval`, async () => {
      const dbx = createFakeDatabricksWorkspace();
      msw.use(...dbx.handlers);
      const jira = new MemoryApprovalJira();
      const filings = Array.from({ length: APPROVALS }, (_, n) => issueFor(n));
      const issues = filings.map((f) => f.issue);
      const plans = stores[0];
      if (plans === undefined) throw new Error('no store');
      for (const [n, { issue, filed }] of filings.entries()) {
        jira.issues.set(issue.id, issue);
        await plans.saveFiledPlan(filed);
        dbx.warehouses.set(`wh-${n}`, { id: `wh-${n}`, cluster_size: 'Medium', auto_stop_mins: 120, state: 'STOPPED' });
      }
      const remediation = RemediationSection.parse({
        dryRun: false,
        limits: { perHour: 10_000, perDay: 10_000, perOwnerPerHour: 100, perOwnerPerDay: 100 },
      });
      const runtimes = replicaRuntimes(stores, { dbx, jira, remediation, now: NOW, prefix: 'replica' });
      // Deliveries arrive at every replica: the same id twice (Jira retry) and a second webhook's id.
      const inboxes = stores.map((store) => createApprovalPorts(store, () => NOW).inbox);
      const outcomes = await Promise.all(
        issues.flatMap((issue, n) => {
          const body = webhookBody(issue);
          const at = NOW.toISOString();
          const replica = (k: number) => {
            const inbox = inboxes[(n + k) % WORKERS];
            if (inbox === undefined) throw new Error('no replica');
            return inbox;
          };
          return [
            replica(0).recordDelivery({ deliveryId: `a-${n}`, source: 'jira-webhook', receivedAt: at, body }),
            replica(1).recordDelivery({ deliveryId: `a-${n}`, source: 'jira-webhook', receivedAt: at, body }),
            replica(2).recordDelivery({ deliveryId: `b-${n}`, source: 'jira-webhook', receivedAt: at, body }),
          ];
        }),
      );
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(APPROVALS * 2);

      await Promise.all(
        runtimes.map(async (runtime) => {
          for (let idle = 0; idle < 3; ) idle = (await runtime.workOnce()).kind === 'idle' ? idle + 1 : 0;
        }),
      );
      await Promise.all(
        runtimes.map(async (runtime) => {
          while ((await runtime.relayOnce()) > 0);
        }),
      );

      const perWarehouse = new Map<string, number>();
      for (const call of dbx.appliedWrites()) perWarehouse.set(call.path, (perWarehouse.get(call.path) ?? 0) + 1);
      expect(perWarehouse.size).toBe(APPROVALS);
      expect([...perWarehouse.values()].filter((count) => count !== 1)).toEqual([]);
      expect(dbx.appliedWrites()).toHaveLength(APPROVALS);

      const db = (stores[0] as OpenedStore).db;
      const states = await db.selectFrom('actions').select(['state']).execute();
      expect(states).toHaveLength(APPROVALS);
      expect(new Set(states.map((s) => s.state))).toEqual(new Set(['verified']));
      const inbox = await db.selectFrom('inbox').select('status').execute();
      expect(inbox.map((r) => r.status).filter((s) => s !== 'done')).toEqual([]);
      const evidence = jira.comments.filter((c) => JSON.stringify(c.body).includes('lakewarden-ref:'));
      expect(evidence).toHaveLength(APPROVALS);
      expect(new Set(evidence.map((c) => c.issueId)).size).toBe(APPROVALS);
      const chain = await verifyChain(stores[1] as OpenedStore);
      expect(chain.ok).toBe(true);
    }, 120_000);

    it(`${WORKERS} replicas, 24 approvals at once against perHour 5 → exactly 5 applied, never one over; the rest refused with a comment`, async () => {
      const LIMIT = 5;
      const COUNT = 24;
      // Three hours after the first test: its actions are out of the hourly window (perDay is left high).
      const later = new Date(NOW.getTime() + 3 * 3_600_000);
      const dbx = createFakeDatabricksWorkspace();
      msw.use(...dbx.handlers);
      const jira = new MemoryApprovalJira();
      const filings = Array.from({ length: COUNT }, (_, n) => issueFor(5000 + n));
      const plans = stores[0];
      if (plans === undefined) throw new Error('no store');
      for (const { issue, filed } of filings) {
        jira.issues.set(issue.id, issue);
        await plans.saveFiledPlan(filed);
        const id = filed.resource.id;
        dbx.warehouses.set(id, { id, cluster_size: 'Medium', auto_stop_mins: 120, state: 'STOPPED' });
      }
      const remediation = RemediationSection.parse({
        dryRun: false,
        limits: { perHour: LIMIT, perDay: 10_000, perOwnerPerHour: 100, perOwnerPerDay: 100 },
      });
      const runtimes = replicaRuntimes(stores, { dbx, jira, remediation, now: later, prefix: 'limit-replica' });
      // Every replica processes one approval at the same moment, several rounds.
      const outcomes = await Promise.all(
        filings.map(({ issue }, n) => {
          const runtime = runtimes[n % WORKERS];
          if (runtime === undefined) throw new Error('no replica');
          const parsed = parseWebhook(JSON.parse(webhookBody(issue)), 'jira-webhook');
          if (!parsed.ok) throw new Error(parsed.error);
          return runtime.processDelivery(parsed.hint);
        }),
      );
      await Promise.all(
        runtimes.map(async (runtime) => {
          while ((await runtime.relayOnce()) > 0);
        }),
      );
      const ids = new Set(filings.map((f) => f.issue.id));
      const db = (stores[0] as OpenedStore).db;
      const actions = (await db.selectFrom('actions').select(['issue_id', 'state', 'reason']).execute()).filter((a) =>
        ids.has(a.issue_id),
      );
      expect(actions).toHaveLength(COUNT);
      expect(actions.filter((a) => a.state === 'verified')).toHaveLength(LIMIT);
      expect(actions.filter((a) => a.state === 'refused').map((a) => a.reason)).toEqual(
        Array.from({ length: COUNT - LIMIT }, () => 'limit_hour'),
      );
      expect(outcomes.filter((o) => o.kind === 'executed')).toHaveLength(LIMIT);
      expect(dbx.appliedWrites()).toHaveLength(LIMIT);
      const refusedComments = jira.comments.filter((c) => JSON.stringify(c.body).includes('limit'));
      expect(new Set(refusedComments.map((c) => c.issueId)).size).toBe(COUNT - LIMIT);
    }, 120_000);
  },
);
