import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/commands/scan-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { ExternalServiceError } from '../../../src/errors.ts';
import { createServices } from '../../../src/main.ts';
import { saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import type { MissingSource, Resource, Snapshot } from '../../../src/snapshot/schema.ts';
import { createFakeJira, type FakeJira } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';
import { buildCluster, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'jira-token-s3cr3t-value';
const STOPPED = 'SQL warehouse ec58ee3772e8d305 is STOPPED; lakewarden did not start it (read-only)';
/** Every system table a live collection reads, as a stopped warehouse leaves them. */
const ALL_MISSING: MissingSource[] = [
  'system.billing.list_prices',
  'system.billing.usage',
  'system.compute.clusters',
  'system.compute.node_timeline',
  'system.compute.warehouse_events',
  'system.compute.warehouses',
  'system.lakeflow.job_run_timeline',
  'system.lakeflow.job_task_run_timeline',
  'system.lakeflow.jobs',
  'system.query.history',
  'system.storage.predictive_optimization_operations_history',
].map((table) => ({ table, reason: STOPPED }));

let dir: string;
let fake: FakeJira;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-degraded-'));
  fake = createFakeJira({ apiToken: TOKEN, projectKey: 'FIN' });
  server.use(...fake.handlers);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loaded(): LoadedConfig {
  const config = LakewardenConfig.parse({
    jira: { projectKey: 'FIN' },
    rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: join(dir, 'lw.db') },
  });
  const env = readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_EMAIL: 'lakewarden-bot@example.com', JIRA_API_TOKEN: TOKEN });
  return { config, env, file: undefined, baseDir: ROOT };
}

/** An idle warehouse that never stops and an untagged all-purpose cluster that never terminates. */
function resources(idle: boolean): Resource[] {
  return [
    buildWarehouse({
      id: 'wh-idle',
      name: 'payments-sql',
      tags: { team: 'payments', owner: 'payments', cost_center: 'cc-1' },
      config: { auto_stop_mins: 0 },
      facts: { idleTailHours: idle ? 200 : 0 },
    }),
    buildCluster({
      id: '0101-000000-abcdefgh',
      name: 'ana-cluster',
      tags: {},
      config: { autotermination_minutes: 0, state: 'RUNNING' },
      facts: { idleHours: idle ? 300 : 0 },
    }),
  ];
}

async function scan(snapshot: Snapshot, options: { json?: boolean; requireFull?: boolean } = {}) {
  const file = join(dir, `snapshot-${Math.random()}.json`);
  await saveSnapshot(file, snapshot);
  const out: string[] = [];
  const config = loaded();
  const svc = await createServices(config, { logDestination: new Writable({ write: (_c, _e, done) => done() }) });
  try {
    await scanCommand(
      config,
      svc,
      { snapshot: file, dryRun: false, json: options.json ?? false, requireFull: options.requireFull },
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      undefined,
    );
  } finally {
    await svc.close();
  }
  return out.join('\n');
}

describe('a degraded scan (system tables missing)', () => {
  it('reports the rules it could not evaluate, says "degraded" once, and resolves none of their findings', async () => {
    await scan(buildSnapshot(resources(true)));
    const open = fake.state.issues
      .filter((i) => i.statusName !== 'Done')
      .map((i) => i.labels.find((l) => l.startsWith('lw-rule-')));
    expect(open).toEqual(
      expect.arrayContaining(['lw-rule-warehouse-auto-stop-too-long', 'lw-rule-cluster-no-auto-termination']),
    );

    // The warehouse was stopped: REST inventory only, every fact from system tables is 0.
    const output = await scan({ ...buildSnapshot(resources(false)), missing: ALL_MISSING });
    expect(output).toMatch(
      /^not evaluated: warehouse-auto-stop-too-long needs `system\.billing\.list_prices`, `system\.billing\.usage`, `system\.compute\.warehouse_events`, `system\.query\.history`$/m,
    );
    expect(output).toMatch(/^not evaluated: cluster-no-auto-termination needs .*`system\.compute\.node_timeline`/m);
    expect(output.match(/^degraded: /gm)).toHaveLength(1);
    expect(output).toContain(`missing system.billing.list_prices, system.billing.usage`);
    expect(output).toContain(STOPPED);
    expect(output).toMatch(/0 resolved/);
    expect(fake.state.issues.every((i) => i.statusName !== 'Done')).toBe(true);
    // Rules that read only configuration still run: the untagged cluster is found.
    expect(output).toMatch(/cluster-missing-tags/);

    // The same zeros in a complete snapshot are real: then the two findings are resolved.
    const complete = await scan(buildSnapshot(resources(false)));
    expect(complete).toMatch(/2 resolved/);
    expect(complete).not.toMatch(/degraded/);
  });

  it('--json carries degraded, the missing tables and each rule not evaluated with what it needs', async () => {
    const json = JSON.parse(await scan({ ...buildSnapshot(resources(false)), missing: ALL_MISSING }, { json: true }));
    expect(json.degraded).toBe(true);
    expect(json.missing).toHaveLength(ALL_MISSING.length);
    expect(json.notEvaluated).toContainEqual({
      ruleId: 'warehouse-auto-stop-too-long',
      needs: [
        'system.billing.list_prices',
        'system.billing.usage',
        'system.compute.warehouse_events',
        'system.query.history',
      ],
      status: 'not evaluated',
    });
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('cluster-missing-tags');

    const full = JSON.parse(await scan(buildSnapshot(resources(true)), { json: true }));
    expect(full).toMatchObject({ degraded: false, missing: [], notEvaluated: [] });
  });

  it('only the rules needing the missing table are skipped', async () => {
    const output = await scan({
      ...buildSnapshot(resources(true)),
      missing: [{ table: 'system.query.history', reason: 'PERMISSION_DENIED on system.query' }],
    });
    expect(output).toMatch(/^not evaluated: warehouse-auto-stop-too-long needs `system\.query\.history`$/m);
    expect(output).not.toMatch(/not evaluated: cluster-no-auto-termination/);
    expect(output).toMatch(
      /^degraded: \d+ rule\(s\) not evaluated, missing system\.query\.history \(PERMISSION_DENIED on system\.query\)/m,
    );
  });

  it('--require-full fails (exit 1) on a degraded snapshot', async () => {
    const error = await scan({ ...buildSnapshot(resources(false)), missing: ALL_MISSING }, { requireFull: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toMatch(
      /^--require-full: the snapshot is degraded, missing system\.billing\.list_prices \(SQL warehouse/,
    );
    expect(fake.state.issues).toEqual([]);
  });
});
