import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatabricksSection } from '../../../src/config/databricks-section.ts';
import { parseWindow, windowEnd } from '../../../src/databricks/collect/live-collection.ts';
import { mergeSnapshots } from '../../../src/databricks/collect/merge-snapshots.ts';
import { cloudOfHost, planCollection } from '../../../src/databricks/collect/plan-collection.ts';
import { VERSION } from '../../../src/version.ts';
import { buildCluster, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const WS_A = {
  id: '111',
  name: 'prod-us',
  host: 'https://dbc-a.cloud.databricks.com',
  cloud: 'AWS' as const,
  region: 'us-west-2',
};
const WS_B = {
  id: '222',
  name: 'prod-eu',
  host: 'https://adb-2.10.azuredatabricks.net',
  cloud: 'AZURE' as const,
  region: 'westeurope',
};
const WS_C = {
  id: '333',
  name: 'dev-us',
  host: 'https://dbc-c.cloud.databricks.com',
  cloud: 'AWS' as const,
  region: 'us-west-2',
};

describe('planCollection', () => {
  it("groups workspaces by region and uses each region's warehouse", () => {
    const section = DatabricksSection.parse({
      workspaces: [WS_A, WS_B, WS_C],
      warehouses: [
        { region: 'us-west-2', host: WS_A.host, warehouseId: 'wh-us' },
        { region: 'westeurope', host: WS_B.host, warehouseId: 'wh-eu' },
      ],
    });
    const plan = planCollection(section, { host: undefined, warehouseId: undefined });
    expect(plan.map((r) => [r.region, r.warehouseId, r.workspaces.map((w) => w.id)])).toEqual([
      ['us-west-2', 'wh-us', ['111', '333']],
      ['westeurope', 'wh-eu', ['222']],
    ]);
  });

  it('names a region without a warehouse', () => {
    const section = DatabricksSection.parse({
      workspaces: [WS_A, WS_B],
      warehouses: [{ region: 'us-west-2', host: WS_A.host, warehouseId: 'wh' }],
    });
    expect(() => planCollection(section, { host: undefined, warehouseId: undefined })).toThrow(
      /no SQL warehouse for region "westeurope" \(workspaces 222\)/,
    );
  });

  it('defaults to the workspace at DATABRICKS_HOST and needs its id and the warehouse', () => {
    const host = 'https://adb-7.azuredatabricks.net';
    expect(() => planCollection(DatabricksSection.parse({}), { host, warehouseId: 'wh' })).toThrow(
      /databricks\.workspaceId is not set/,
    );
    expect(() =>
      planCollection(DatabricksSection.parse({ workspaceId: '7' }), { host, warehouseId: undefined }),
    ).toThrow(/DATABRICKS_WAREHOUSE_ID is not set/);
    expect(() =>
      planCollection(DatabricksSection.parse({ workspaceId: '7' }), { host: undefined, warehouseId: 'wh' }),
    ).toThrow(/DATABRICKS_HOST is not set/);
    const [region] = planCollection(DatabricksSection.parse({ workspaceId: '7' }), { host, warehouseId: 'wh' });
    expect(region).toMatchObject({ warehouseId: 'wh', host, workspaces: [{ id: '7', cloud: 'AZURE', name: 'adb-7' }] });
  });

  it('knows the cloud from the host name', () => {
    expect(cloudOfHost('https://dbc-1.cloud.databricks.com')).toBe('AWS');
    expect(cloudOfHost('https://adb-1.2.azuredatabricks.net')).toBe('AZURE');
    expect(cloudOfHost('https://1.2.gcp.databricks.com')).toBe('GCP');
  });
});

describe('mergeSnapshots', () => {
  it('concatenates regions and de-duplicates prices', () => {
    const a = buildSnapshot([buildWarehouse()]);
    const b = { ...buildSnapshot([buildCluster()]), workspaces: [{ ...WS_B }] };
    b.resources = b.resources.map((r) => ({ ...r, workspaceId: WS_B.id }));
    const merged = mergeSnapshots([a, b]);
    expect(merged.workspaces.map((w) => w.id)).toEqual([a.workspaces[0]?.id, '222']);
    expect(merged.resources).toHaveLength(2);
    expect(new Set(merged.prices.map((p) => `${p.cloud}|${p.sku_name}`)).size).toBe(merged.prices.length);
  });

  it('refuses parts of different windows', () => {
    const a = buildSnapshot([buildWarehouse()]);
    const b = { ...buildSnapshot([buildCluster()]), window: { start: '2026-10-18', end: '2026-10-31', days: 14 } };
    expect(() => mergeSnapshots([a, b])).toThrow(/different windows/);
  });
});

describe('live window helpers', () => {
  it('parses 1d…90d and names --window otherwise', () => {
    expect(parseWindow('30d')).toBe(30);
    expect(() => parseWindow('30')).toThrow(/--window: expected 1d…90d, got "30"/);
    expect(() => parseWindow('91d')).toThrow(/--window/);
  });

  it('ends the window two days ago so billing is complete', () => {
    expect(windowEnd(new Date('2026-11-22T01:00:00Z'))).toBe('2026-11-20');
  });

  it('keeps the version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
