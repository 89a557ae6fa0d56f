import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { savingsMeasureCommand } from '../../../src/commands/savings-measure-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createDatabricksAccess } from '../../../src/databricks/databricks-access.ts';
import { ConfigError, InputError } from '../../../src/errors.ts';
import type { Services } from '../../../src/main.ts';
import { addDays } from '../../../src/savings/measurement-windows.ts';
import { saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import { createDeferredStore } from '../../../src/store/deferred-store.ts';
import { createSavingsLedger } from '../../../src/store/savings-ledger.ts';
import { listSavingsLedger } from '../../../src/store/savings-store.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { queuedAction } from '../../support/remediation-harness.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { storeAction } from '../../support/stored-action.ts';
import { adfPlainText, createSavingsWorld, type SavingsWorld } from './savings-world.ts';

const WORKSPACE = '1234567890123456';
const CHANGE_AT = new Date('2026-09-15T10:00:00.000Z');
const SERIES_START = '2026-08-02';
const SERIES_DAYS = 91; // baseline 61 days + the 30-day window of buildSnapshot (2026-10-02 … 10-31)

let world: SavingsWorld | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-measure-'));
});
afterEach(async () => {
  await world?.store.close();
  world = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A warehouse finding filed in the fake Jira, approved, fixed and verified on CHANGE_AT (auto-stop 0 → 10). */
async function verifiedChange(w: SavingsWorld) {
  const issue = await w.fileIssue({
    fingerprint: 'aaaa000000000001',
    resourceId: 'wh-analytics',
    workspaceId: WORKSPACE,
    ruleId: 'warehouse-auto-stop-too-long',
  });
  await storeAction(
    w.store,
    queuedAction({
      fingerprint: issue.fingerprint,
      issueId: issue.issueId,
      strategy: 'warehouse-auto-stop',
      resource: { workspaceId: WORKSPACE, kind: 'warehouse', id: 'wh-analytics' },
      approver: { accountId: FAKE_OWNER_ACCOUNT_ID, displayName: null },
      approvedAt: '2026-09-15T08:00:00.000Z',
      state: 'verified',
      attempts: 1,
      createdAt: '2026-09-15T08:00:05.000Z',
      updatedAt: CHANGE_AT.toISOString(),
    }),
  );
  return issue;
}

function setUp(w: SavingsWorld): { loaded: LoadedConfig; services: Services } {
  const config = LakewardenConfig.parse({ jira: { projectKey: 'FIN', fields: w.jiraConfig.fields } });
  const loaded: LoadedConfig = { config, env: readEnv({}), file: undefined, baseDir: dir };
  const services: Services = {
    // The world's store is already open: the deferred store hands it over on the first call.
    store: createDeferredStore({ sqlitePath: ':memory:' }, async () => w.store),
    savingsLedger: async () => createSavingsLedger(w.store),
    tracker: w.tracker,
    projectKey: 'FIN',
    ai: undefined,
    logger: pino({ level: 'silent' }),
    scrub: (t) => t,
    databricksWorkspace: () => Promise.reject(new Error('savings measure does not use the serve workspace adapters')),
    databricks: createDatabricksAccess(loaded, pino({ level: 'silent' })),
    approvalPorts: () => Promise.reject(new Error('savings measure does not use the approval ports')),
    createScheduler: () => Promise.reject(new Error('savings measure does not schedule')),
    createHttpApp: () => Promise.reject(new Error('savings measure serves no HTTP')),
    metrics: () => Promise.reject(new Error('savings measure has no metrics')),
    close: async () => {},
  };
  return { loaded, services };
}

/** $120/day (100 queries/day) until the change, $40/day (100 queries/day) from the day after. */
const usdOn = (day: string): number => (day < '2026-09-15' ? 120 : day > '2026-09-15' ? 40 : 80);

async function snapshotFile(): Promise<string> {
  const days = Array.from({ length: SERIES_DAYS }, (_, i) => addDays(SERIES_START, i));
  const warehouse = buildWarehouse({ id: 'wh-analytics', name: 'analytics' });
  const snapshot = {
    ...buildSnapshot([
      {
        ...warehouse,
        workspaceId: WORKSPACE,
        series: {
          costUsd: days.map(usdOn),
          dbus: days.map((d) => usdOn(d) / 0.55),
          queryCount: days.map(() => 100),
        },
      },
    ]),
    baseline: { start: SERIES_START, days: 61, recentDays: 7 },
    workspaces: [
      {
        id: WORKSPACE,
        name: 'prod',
        host: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com',
        cloud: 'AWS' as const,
        region: 'us-west-2',
      },
    ],
    prices: [{ sku_name: 'PREMIUM_SQL_PRO_COMPUTE', cloud: 'AWS' as const, usage_unit: 'DBU', usd_per_dbu: 0.5 }],
  };
  const file = join(dir, 'snapshot.json');
  await saveSnapshot(file, snapshot);
  return file;
}

/** The account console's billable usage CSV: two hours a day of the warehouse, plus another cluster and a job. */
function csvFile(): string {
  const header =
    'workspaceId,timestamp,clusterId,clusterName,clusterNodeType,clusterOwnerUserId,clusterCustomTags,sku,dbus,machineHours,clusterOwnerUserName,tags';
  const lines = [header];
  for (let i = 0; i < 60; i++) {
    const day = addDays('2026-08-25', i);
    const dbus = usdOn(day) / 0.5 / 2; // two hourly rows per day at $0.50/DBU
    for (const hour of ['09', '10']) {
      lines.push(
        `${WORKSPACE},${day}T${hour}:59:59.999Z,wh-analytics,analytics,db.xlarge,42,"{""team"":""bi""}",PREMIUM_SQL_PRO_COMPUTE,${dbus},1,dana@example.com,"{""Vendor"":""Databricks""}"`,
      );
    }
    lines.push(
      `${WORKSPACE},${day}T01:59:59.999Z,0101-000000-jobclust,job-101-run-1,i3.xlarge,42,,PREMIUM_JOBS_COMPUTE,10,4,dana@example.com,"{""JobId"":""101"",""RunName"":""nightly""}"`,
    );
  }
  const file = join(dir, 'usage.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

async function run(w: SavingsWorld, options: { billing?: string; prices?: string; json?: boolean }) {
  const { loaded, services } = setUp(w);
  const out: string[] = [];
  const failed = await savingsMeasureCommand(
    loaded,
    services,
    { json: false, ...options },
    {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    },
  );
  return { failed, text: out.join('\n') };
}

describe('lakewarden savings measure', () => {
  it('--billing <snapshot.json>: measures $120/day → $40/day per query as $2,400/month, posts it once', async () => {
    world = await createSavingsWorld();
    const issue = await verifiedChange(world);
    const file = await snapshotFile();
    const { failed, text } = await run(world, { billing: file });
    expect(failed).toBe(0);
    expect(text).toMatch(
      /^measured warehouse-auto-stop-too-long warehouse wh-analytics \(issue \d+\): \$2,400\.00\/month verified, high confidence — \$120\.00\/day 2026-09-01 … 2026-09-14 → \$40\.00\/day 2026-09-16 … 2026-09-29$/m,
    );
    expect(text).toMatch(/^1 measured, 1 posted to Jira, 0 failed$/m);
    const ledger = await listSavingsLedger(world.store);
    expect(ledger).toMatchObject([{ verifiedUsdPerMonth: 2400, normaliser: 'per_query', status: 'posted' }]);
    const jiraIssue = world.fake.state.issues.find((i) => i.id === issue.issueId);
    expect(jiraIssue?.customFields[world.verifiedField]).toBe(2400);
    expect(adfPlainText(jiraIssue?.comments.at(-1)?.body)).toContain('2026-09-01');

    const again = await run(world, { billing: file });
    expect(again.text).toMatch(/^0 measured, 0 posted to Jira, 0 failed \(nothing due\)$/m);
    expect(world.fake.state.issues.find((i) => i.id === issue.issueId)?.comments).toHaveLength(1);
  });

  it('--billing <export.csv> --prices <snapshot.json>: prices the DBUs, attributes by clusterId and JobId, no activity', async () => {
    world = await createSavingsWorld();
    await verifiedChange(world);
    const { failed, text } = await run(world, { billing: csvFile(), prices: await snapshotFile(), json: true });
    expect(failed).toBe(0);
    const result = JSON.parse(text);
    expect(result.measured).toHaveLength(1);
    expect(result.measured[0]).toMatchObject({
      resourceId: 'wh-analytics',
      beforeUsdPerDay: 120,
      afterUsdPerDay: 40,
      verifiedUsdPerMonth: 2400,
      confidence: 'medium',
    });
    expect(result.measured[0].reasons.join(' ')).toMatch(/no queries counts in the before-window: raw cost compared/);
  });

  it('names the file, line and column of a bad CSV row, and a SKU without a price', async () => {
    world = await createSavingsWorld();
    await verifiedChange(world);
    const prices = await snapshotFile();
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'workspaceId,timestamp,clusterId,sku,dbus\n1234567890123456,2026-09-01T09:59:59.999Z,wh,PREMIUM_SQL_PRO_COMPUTE,lots\n',
    );
    await expect(run(world, { billing: bad, prices })).rejects.toThrow(
      new InputError(`${bad}:2: column dbus: expected a number (billable usage CSV from the account console)`),
    );
    await expect(run(world, { billing: bad })).rejects.toThrow(/a usage CSV has DBUs but no prices: add --prices/);
    // A row of another resource without a price does not matter; one of the measured resource fails it.
    writeFileSync(
      bad,
      'workspaceId,timestamp,clusterId,sku,dbus\n1234567890123456,2026-09-01T09:59:59.999Z,other,ENTERPRISE_SQL_COMPUTE,1\n1234567890123456,2026-09-01T09:59:59.999Z,wh-analytics,ENTERPRISE_SQL_COMPUTE,1\n',
    );
    const unpriced = await run(world, { billing: bad, prices });
    expect(unpriced.failed).toBe(1);
    expect(unpriced.text).toMatch(/^FAIL action:.*bad\.csv:3: no list price for SKU ENTERPRISE_SQL_COMPUTE/m);
    await expect(run(world, { billing: join(dir, 'x.parquet') })).rejects.toThrow(
      /expected a snapshot \(\.json\) or a usage CSV/,
    );
  });

  it('without --billing and without Databricks it says where billing can come from (exit 2)', async () => {
    world = await createSavingsWorld();
    await expect(run(world, {})).rejects.toThrow(ConfigError);
    await expect(run(world, {})).rejects.toThrow(/no billing source: pass --billing <snapshot\.json\|export\.csv>/);
  });
});
