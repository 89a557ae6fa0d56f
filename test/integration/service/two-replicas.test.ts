import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeDatabricksWorkspace } from '../../support/fake-databricks-workspace.ts';
import { createFakeJira, type FakeJira } from '../../support/fake-jira.ts';
import { createTestSchema, pgAvailable, pgUnavailableReason } from '../../support/postgres.ts';
import { buildSnapshot } from '../../support/resource-builders.ts';
import { type LoopbackFake, startLoopbackFake } from './loopback-fakes.ts';
import { type ServeProcess, spawnServe } from './serve-process.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'replica-jira-token-7f3a9c';
const SECRET = 'replica-webhook-secret-2b8d';
/** node-cron with seconds: a tick every 2 s. */
const TICK_MS = 2000;
const LEASE_TTL_S = 3;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface ScanRun {
  replica: string;
  slot: string;
  runId: string;
}

/** The scan runs a process started, from its `job started` log lines. */
function scanRuns(process: ServeProcess): ScanRun[] {
  return process.logs
    .filter((l) => l.msg === 'job started' && l.job === 'scan')
    .map((l) => ({ replica: process.name, slot: String(l.slot), runId: String(l.runId) }));
}

describe.skipIf(!pgAvailable)(
  `two serve replicas on Postgres${pgAvailable ? '' : ` (SKIPPED: ${pgUnavailableReason})`}`,
  () => {
    it('runs each scan tick on exactly one replica, and the other takes over within the lease time after SIGKILL', async () => {
      const schema = await createTestSchema();
      cleanups.push(schema.drop);
      const dir = mkdtempSync(join(tmpdir(), 'lw-replicas-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      let jira: FakeJira | undefined;
      const jiraServer: LoopbackFake = await startLoopbackFake(() => jira?.handlers ?? []);
      cleanups.push(jiraServer.close);
      jira = createFakeJira({ baseUrl: jiraServer.url, apiToken: TOKEN, projectKey: 'FIN' });
      let dbx: ReturnType<typeof createFakeDatabricksWorkspace> | undefined;
      const dbxServer = await startLoopbackFake(() => dbx?.handlers ?? []);
      cleanups.push(dbxServer.close);
      dbx = createFakeDatabricksWorkspace({ host: dbxServer.url });
      writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(buildSnapshot([])));
      writeFileSync(
        join(dir, 'lakewarden.yaml'),
        [
          'jira:',
          '  projectKey: FIN',
          'rules:',
          `  directory: ${join(ROOT, 'rules')}`,
          `  templatesDirectory: ${join(ROOT, 'templates')}`,
          'scheduler:',
          `  leaseTtlSeconds: ${LEASE_TTL_S}`,
          '  scan:',
          "    cron: '*/2 * * * * *'",
          '    snapshotPath: snapshot.json',
          '  measurements:',
          '    enabled: false',
          '  outbox:',
          '    enabled: false',
          '  housekeeping:',
          '    enabled: false',
        ].join('\n'),
      );
      const env = {
        LAKEWARDEN_CONFIG: join(dir, 'lakewarden.yaml'),
        DATABASE_URL: schema.url,
        JIRA_BASE_URL: jiraServer.url,
        JIRA_EMAIL: 'lakewarden-bot@example.com',
        JIRA_API_TOKEN: TOKEN,
        JIRA_PROJECT_KEY: 'FIN',
        JIRA_WEBHOOK_SECRET: SECRET,
        DATABRICKS_HOST: dbxServer.url,
        DATABRICKS_TOKEN: dbx.token,
        LOG_LEVEL: 'info',
      };
      const a = spawnServe('a', env, ['serve', '--port', '0']);
      const b = spawnServe('b', env, ['serve', '--port', '0']);
      for (const p of [a, b]) {
        cleanups.push(async () => {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
          await p.exited;
        });
      }
      const ready = (p: ServeProcess) => p.logs.some((l) => l.msg === 'lakewarden serve ready');
      await vi.waitFor(() => expect(ready(a) && ready(b), [...a.raw, ...b.raw].join('\n')).toBe(true), {
        timeout: 30_000,
        interval: 100,
      });

      // Both replicas tick every 2 s; each slot is elected once.
      await vi.waitFor(() => expect(scanRuns(a).length + scanRuns(b).length).toBeGreaterThanOrEqual(4), {
        timeout: 30_000,
        interval: 100,
      });
      const before = [...scanRuns(a), ...scanRuns(b)];
      const slots = before.map((r) => r.slot);
      expect(new Set(slots).size).toBe(slots.length);
      // Each elected run is one scan run in the store (the scan really ran), none twice.
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      cleanups.push(() => client.end());
      await vi.waitFor(
        async () => {
          const finished = [...a.logs, ...b.logs].filter((l) => l.msg === 'job finished' && l.job === 'scan').length;
          const rows = await client.query("select count(*)::int as n from scan_runs where outcome = 'succeeded'");
          expect(rows.rows[0].n).toBe(finished);
          expect(finished).toBeGreaterThanOrEqual(3);
        },
        { timeout: 10_000, interval: 100 },
      );

      // Kill the replica that started the latest run, while it holds the job lease.
      const latest = before.sort((x, y) => x.slot.localeCompare(y.slot)).at(-1);
      const victim = latest?.replica === 'a' ? a : b;
      const survivor = victim === a ? b : a;
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await victim.exited;
      const survivorRunsAtKill = scanRuns(survivor).length;
      await vi.waitFor(() => expect(scanRuns(survivor).length).toBeGreaterThanOrEqual(survivorRunsAtKill + 2), {
        timeout: 30_000,
        interval: 100,
      });
      const takeover = scanRuns(survivor)[survivorRunsAtKill];
      // The first slot the survivor runs after the kill lies within the lease TTL (plus one tick) of the kill.
      expect(Date.parse(takeover?.slot ?? '')).toBeLessThanOrEqual(killedAt + LEASE_TTL_S * 1000 + TICK_MS);
      const all = [...scanRuns(a), ...scanRuns(b)].map((r) => r.slot);
      expect(new Set(all).size).toBe(all.length);
      const log = [...a.raw, ...b.raw].join('\n');
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain(SECRET);
    }, 90_000);
  },
);
