/**
 * Rules benchmark: for generated snapshots of 1k, 10k and 100k resources measures the JSON size, JSON.parse +
 * parseSnapshot (zod) time, rules compile time, evaluateSnapshot time (medians), heap/RSS after evaluation and
 * the ratio evaluation / parse (target ≤ 2). Writes a Markdown table into docs/benchmarks.md between the
 * `bench:rules` markers.
 *
 *   npm run bench -- [--sizes 1000,10000,100000] [--out docs/benchmarks.md] [--no-write]
 */
import { parseArgs } from 'node:util';
import { RulesSection } from '../src/config/rules-section.ts';
import { evaluateSnapshot } from '../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { parseSnapshot } from '../src/snapshot/parse-snapshot.ts';
import { generateSnapshot } from '../src/snapshot/synthetic/generate-snapshot.ts';
import { describeMachine } from './machine.ts';
import { getGc, memoryAfterGc, timeMedian, timeMedianAsync } from './measure.ts';
import { writeBenchSection } from './write-section.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`--sizes: expected positive integers, got "${values.sizes}"`);
  process.exit(2);
}

interface Row {
  resources: number;
  jsonMiB: number;
  generateMs: number;
  parseMs: number;
  evaluateMs: number;
  findings: number;
  heapMiB: number;
  rssMiB: number;
}

const gc = getGc();
const section = RulesSection.parse({});
const compile = await timeMedianAsync(5, () => loadRules('rules', section));
const rules = compile.result;
console.log(`rules: ${rules.length} loaded + compiled in ${compile.ms.toFixed(1)} ms (median of 5)`);

const rows: Row[] = [];
for (const n of sizes) {
  const runs = n >= 100_000 ? 3 : n >= 10_000 ? 5 : 9;
  const warmups = n >= 100_000 ? 1 : 3;
  const generated = timeMedian(1, () => generateSnapshot({ seed: 42, resources: n }));
  const text = JSON.stringify(generated.result);
  const jsonMiB = Buffer.byteLength(text) / 2 ** 20;
  gc();
  timeMedian(warmups, () => parseSnapshot(JSON.parse(text), `bench-${n}`)); // warm-up, not measured
  const parse = timeMedian(runs, () => parseSnapshot(JSON.parse(text), `bench-${n}`));
  const snapshot = parse.result;
  gc();
  timeMedian(warmups, () => evaluateSnapshot(snapshot, rules)); // warm-up, not measured
  const evaluate = timeMedian(runs, () => evaluateSnapshot(snapshot, rules));
  const memory = memoryAfterGc(gc);
  const row: Row = {
    resources: n,
    jsonMiB,
    generateMs: generated.ms,
    parseMs: parse.ms,
    evaluateMs: evaluate.ms,
    findings: evaluate.result.findings.length,
    ...memory,
  };
  if (evaluate.result.errors.length > 0) console.error(`${n}: ${evaluate.result.errors.length} rule errors`);
  rows.push(row);
  console.log(
    `${n}: json ${jsonMiB.toFixed(1)} MiB, parse ${parse.ms.toFixed(1)} ms, evaluate ${evaluate.ms.toFixed(1)} ms ` +
      `(×${(evaluate.ms / parse.ms).toFixed(2)}), ${row.findings} findings, heap ${memory.heapMiB.toFixed(0)} MiB, ` +
      `rss ${memory.rssMiB.toFixed(0)} MiB`,
  );
}

const table = [
  '| Resources | JSON size | Generate | JSON.parse + parseSnapshot | evaluateSnapshot | Evaluate / parse | Findings | Heap after | RSS after |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.resources.toLocaleString('en-US')} | ${r.jsonMiB.toFixed(1)} MiB | ${r.generateMs.toFixed(0)} ms | ` +
      `${r.parseMs.toFixed(1)} ms | ${r.evaluateMs.toFixed(1)} ms | ${(r.evaluateMs / r.parseMs).toFixed(2)}× | ` +
      `${r.findings.toLocaleString('en-US')} | ${r.heapMiB.toFixed(0)} MiB | ${r.rssMiB.toFixed(0)} MiB |`,
  ),
].join('\n');

const body = `## Rules: parse and evaluate

Measured by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString().slice(0, 10)}:
${describeMachine()}.

Snapshots come from the synthetic generator (\`generateSnapshot({ seed: 42, resources: N })\`, about 8 %
warehouses, 30 % clusters, 62 % jobs, 15-42 % of each kind with one planted problem). Times are medians
(9 runs for 1k, 5 for 10k, 3 for 100k) after unmeasured warm-up runs of both (3, or 1 at 100k); heap and RSS are read after a full
GC with the snapshot and the last findings alive. Rules: ${rules.length} files in \`rules/\`, read, validated
and compiled by \`loadRules\` in ${compile.ms.toFixed(1)} ms (median of 5, independent of snapshot size).
Target: evaluation at most 2× the time to parse and validate the snapshot.

${table}`;

if (!values['no-write']) {
  await writeBenchSection(values.out, body);
  console.log(`wrote ${values.out}`);
}
