import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { createEvaluation, evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { loadSnapshot, openSnapshot, saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import { detectSnapshotFormat } from '../../../src/snapshot/snapshot-file-format.ts';
import { buildCluster, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const dir = mkdtempSync(join(tmpdir(), 'lw-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = new URL('../../../examples/sample-account.json', import.meta.url).pathname;

describe('JSON Lines snapshots', () => {
  it('round-trips the sample as a header line plus one resource per line, plain and gzip', async () => {
    const snapshot = await loadSnapshot(sample);
    const plain = join(dir, 'sample.jsonl');
    const gz = join(dir, 'sample.jsonl.gz');
    await saveSnapshot(plain, snapshot);
    await saveSnapshot(gz, snapshot);
    const lines = readFileSync(plain, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(snapshot.resources.length + 1);
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(header).toMatchObject({ schemaVersion: 1, window: snapshot.window });
    expect(header.resources).toBeUndefined();
    expect(gunzipSync(readFileSync(gz)).toString('utf8')).toBe(readFileSync(plain, 'utf8'));
    expect(await loadSnapshot(plain)).toEqual(snapshot);
    expect(await loadSnapshot(gz)).toEqual(snapshot);
  });

  it('detects the layout by the first line and gzip by its magic bytes, whatever the name', async () => {
    const snapshot = await loadSnapshot(sample);
    const gz = join(dir, 'sample-lines.jsonl.gz');
    await saveSnapshot(gz, snapshot);
    const unnamed = join(dir, 'snapshot.data');
    writeFileSync(unnamed, readFileSync(gz));
    expect(await detectSnapshotFormat(unnamed)).toEqual({ layout: 'lines', gzip: true });
    expect(await detectSnapshotFormat(sample)).toEqual({ layout: 'json', gzip: false });
    const oneLine = join(dir, 'one-line.json');
    writeFileSync(oneLine, `${JSON.stringify(snapshot)}\n`);
    expect(await detectSnapshotFormat(oneLine)).toEqual({ layout: 'json', gzip: false });
    expect(await loadSnapshot(unnamed)).toEqual(snapshot);
    const document = join(dir, 'sample.json.gz');
    await saveSnapshot(document, snapshot);
    expect(await detectSnapshotFormat(document)).toEqual({ layout: 'json', gzip: true });
    expect(await loadSnapshot(document)).toEqual(snapshot);
  });

  it('evaluated resource by resource gives the same findings as the whole snapshot', async () => {
    const snapshot = await loadSnapshot(sample);
    const rules = await loadRules('rules', RulesSection.parse({}));
    const file = join(dir, 'eval.jsonl');
    await saveSnapshot(file, snapshot);
    const source = await openSnapshot(file);
    expect(source.size).toBeUndefined();
    const evaluation = createEvaluation(source.header, rules, { keepResources: true });
    for await (const resource of source.resources()) evaluation.add(resource);
    const streamed = evaluation.finish();
    const whole = evaluateSnapshot(snapshot, rules);
    expect(streamed.findings).toEqual(whole.findings);
    expect(streamed.errors).toEqual(whole.errors);
    expect(streamed.resources).toBe(snapshot.resources.length);
    const withFindings = new Set(whole.findings.map((f) => `${f.resource.kind}|${f.resource.id}`));
    expect(streamed.findingResources.map((r) => `${r.kind}|${r.id}`)).toEqual(
      snapshot.resources.filter((r) => withFindings.has(`${r.kind}|${r.id}`)).map((r) => `${r.kind}|${r.id}`),
    );
  });

  it('names the line, the record and the field of a malformed resource, and refuses duplicates', async () => {
    const snapshot = buildSnapshot([buildWarehouse(), buildCluster({ id: '0123-456789-bad' })]);
    const { resources, ...header } = snapshot;
    const bad = { ...resources[1], facts: { ...(resources[1]?.facts ?? {}), costUsd: 'a lot' } };
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, [header, resources[0], bad].map((r) => JSON.stringify(r)).join('\n'));
    await expect(loadSnapshot(file)).rejects.toThrow(
      /bad\.jsonl:3: resources\[1\] \(cluster 0123-456789-bad\) facts\.costUsd: .*number/,
    );
    const duplicate = join(dir, 'dup.jsonl');
    writeFileSync(duplicate, [header, resources[0], resources[0]].map((r) => JSON.stringify(r)).join('\n'));
    await expect(loadSnapshot(duplicate)).rejects.toThrow(/dup\.jsonl: resources\[1\] .*duplicate resource/);
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${JSON.stringify(header)}\n{"kind":`);
    await expect(loadSnapshot(broken)).rejects.toThrow(/broken\.jsonl:2: not valid JSON/);
    const old = join(dir, 'old.jsonl');
    writeFileSync(old, `${JSON.stringify({ ...header, schemaVersion: 99 })}\n`);
    await expect(loadSnapshot(old)).rejects.toThrow(/old\.jsonl:1: schemaVersion: expected 1, got 99/);
  });
});
