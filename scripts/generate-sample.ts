/**
 * Writes a synthetic account snapshot (seed 42 by default) to a new temporary folder, or to `--out`. The bundled
 * sample is regenerated with `npm run sample -- --out examples/sample-account.json`.
 *
 *   npm run sample -- [--seed 42] [--resources 10000] [--out FILE] [--end 2026-11-15] [--window-days 30]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveSnapshot } from '../src/snapshot/load-snapshot.ts';
import { generateSyntheticAccount } from '../src/snapshot/synthetic/generate-snapshot.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    resources: { type: 'string' },
    out: { type: 'string' },
    end: { type: 'string' },
    'window-days': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: generate-sample [--seed N] [--resources N] [--out FILE] [--end YYYY-MM-DD] [--window-days N]');
  console.log('Without --out the snapshot goes to a new temporary folder (the bundled sample is never overwritten).');
  process.exit(0);
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) {
    console.error(`--${name}: expected an integer, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const seed = integer('seed', values.seed) ?? 42;
const resources = integer('resources', values.resources);
const windowDays = integer('window-days', values['window-days']);
const { snapshot, planted } = generateSyntheticAccount({
  seed,
  ...(resources === undefined ? {} : { resources }),
  ...(windowDays === undefined ? {} : { windowDays }),
  ...(values.end === undefined ? {} : { end: values.end }),
});
const out = values.out ?? join(mkdtempSync(join(tmpdir(), 'lakewarden-sample-')), 'sample-account.json');
await saveSnapshot(out, snapshot);
const byKind = new Map<string, number>();
for (const r of snapshot.resources) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
console.log(
  `${out}: seed ${seed}, ${snapshot.resources.length} resources (${[...byKind].map(([k, n]) => `${n} ${k}s`).join(', ')}), ${planted.length} with a planted problem, window ${snapshot.window.start}..${snapshot.window.end}`,
);
