import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { parseSnapshot } from '../../../src/snapshot/parse-snapshot.ts';
import { buildCluster, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

describe('parseSnapshot', () => {
  it('accepts a valid snapshot', () => {
    const snapshot = buildSnapshot([buildWarehouse(), buildCluster()]);
    expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 's.json').resources).toHaveLength(2);
  });

  it('names the file, the record and the field of a malformed resource', () => {
    const snapshot = buildSnapshot([buildWarehouse(), buildCluster({ id: '0123-456789-bad' })]) as unknown as {
      resources: Array<{ facts: Record<string, unknown> }>;
    };
    const cluster = snapshot.resources[1];
    if (cluster === undefined) throw new Error('fixture');
    cluster.facts.costUsd = 'a lot';
    expect(() => parseSnapshot(snapshot, 'snap.json')).toThrow(
      /snap\.json: resources\[1\] \(cluster 0123-456789-bad\) facts\.costUsd: .*number/,
    );
  });

  it('names the record and the series of a series holding something else than finite numbers', () => {
    const snapshot = buildSnapshot([buildWarehouse({ id: 'wh-1' })]) as unknown as {
      resources: Array<{ series?: Record<string, unknown> }>;
    };
    const warehouse = snapshot.resources[0];
    if (warehouse === undefined) throw new Error('fixture');
    warehouse.series = { costUsd: [1, 2, '3'] };
    expect(() => parseSnapshot(snapshot, 'snap.json')).toThrow(
      /snap\.json: resources\[0\] \(warehouse wh-1\) series\.costUsd: expected an array of finite numbers/,
    );
    warehouse.series = { costUsd: [1, 2, 3] };
    expect(parseSnapshot(snapshot, 'snap.json').resources[0]?.series).toEqual({ costUsd: [1, 2, 3] });
  });

  it('refuses another schema version with a hint', () => {
    expect(() => parseSnapshot({ schemaVersion: 99 }, 'old.json')).toThrow(InputError);
    expect(() => parseSnapshot({ schemaVersion: 99 }, 'old.json')).toThrow(
      /old\.json: schemaVersion: expected 1, got 99/,
    );
  });

  it('refuses a resource of an unknown workspace and duplicates', () => {
    const orphan = buildSnapshot([buildWarehouse({ workspaceId: 'nope' })]);
    expect(() => parseSnapshot(orphan, 'o.json')).toThrow(
      /resources\[0\] \(warehouse .*\): workspaceId "nope" is not listed/,
    );
    const duplicate = buildSnapshot([buildWarehouse(), buildWarehouse()]);
    expect(() => parseSnapshot(duplicate, 'd.json')).toThrow(/resources\[1\] .*duplicate resource/);
  });
});
