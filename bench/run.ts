/**
 * Rules benchmark against an honest floor: for generated snapshots of 10k and 100k resources (1k with `--quick`)
 * measures, in alternating rounds, a bare read + `JSON.parse` of the snapshot file (the floor), zod validation
 * of the parsed data (`parseSnapshot`) and rule evaluation (`evaluateSnapshot`), and reports both as ratios to
 * the floor (targets: validation ≤ 1×, evaluation ≤ 1.5×), then absolutes, heap and RSS. Writes a Markdown table
 * into docs/benchmarks.md between the `bench:rules` markers (not with `--quick` or `--no-write`).
 *
 *   npm run bench -- [--sizes 10000,100000] [--out docs/benchmarks.md] [--no-write] [--quick]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RulesSection } from '../src/config/rules-section.ts';
import { evaluateSnapshot } from '../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { parseSnapshot } from '../src/snapshot/parse-snapshot.ts';
import { generateSnapshot } from '../src/snapshot/synthetic/generate-snapshot.ts';
import { describeMachine } from './machine.ts';
import { getGc, median, memoryAfterGc, timeMedian, timeMedianAsync } from './measure.ts';
import { writeBenchSection } from './write-section.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    'no-write': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? (values.quick ? '1000' : '10000,100000')).split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`--sizes: expected positive integers, got "${values.sizes}"`);
  process.exit(2);
}
const write = !values['no-write'] && !values.quick;

/** Targets as ratios to the floor (issue #17). */
const TARGET = { validate: 1, evaluate: 1.5 };

interface Row {
  resources: number;
  jsonMiB: number;
  bareMs: number;
  validateMs: number;
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

const dir = mkdtempSync(join(tmpdir(), 'lw-bench-rules-'));
const rows: Row[] = [];
try {
  for (const n of sizes) {
    const rounds = values.quick ? 3 : n >= 100_000 ? 5 : 9;
    const file = join(dir, `snapshot-${n}.json`);
    writeFileSync(file, JSON.stringify(generateSnapshot({ seed: 42, resources: n })));
    const jsonMiB = readFileSync(file).length / 2 ** 20;
    gc();
    const bare = () => JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const data = bare();
    const snapshot = parseSnapshot(data, file);
    // Unmeasured warm-up of all three, then alternating rounds so every step sees the same machine load.
    bare();
    parseSnapshot(data, file);
    evaluateSnapshot(snapshot, rules);
    gc();
    const times = { bare: [] as number[], validate: [] as number[], evaluate: [] as number[] };
    let result = evaluateSnapshot(snapshot, rules);
    for (let i = 0; i < rounds; i++) {
      times.bare.push(timeMedian(1, bare).ms);
      times.validate.push(timeMedian(1, () => parseSnapshot(data, file)).ms);
      const evaluated = timeMedian(1, () => evaluateSnapshot(snapshot, rules));
      times.evaluate.push(evaluated.ms);
      result = evaluated.result;
    }
    const memory = memoryAfterGc(gc);
    const row: Row = {
      resources: n,
      jsonMiB,
      bareMs: median(times.bare),
      validateMs: median(times.validate),
      evaluateMs: median(times.evaluate),
      findings: result.findings.length,
      ...memory,
    };
    if (result.errors.length > 0) console.error(`${n}: ${result.errors.length} rule errors`);
    rows.push(row);
    console.log(
      `${n}: bare read + JSON.parse ${row.bareMs.toFixed(1)} ms; validate ${row.validateMs.toFixed(1)} ms ` +
        `(${(row.validateMs / row.bareMs).toFixed(2)}×, target ≤ ${TARGET.validate}×); evaluate ` +
        `${row.evaluateMs.toFixed(1)} ms (${(row.evaluateMs / row.bareMs).toFixed(2)}×, target ≤ ${TARGET.evaluate}×); ` +
        `${row.findings} findings, heap ${memory.heapMiB.toFixed(0)} MiB, rss ${memory.rssMiB.toFixed(0)} MiB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const table = [
  '| Resources | Validate / floor | Evaluate / floor | Floor: read + JSON.parse | Validate (zod) | Evaluate | JSON size | Findings | Heap after | RSS after |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.resources.toLocaleString('en-US')} | ${x(r.validateMs / r.bareMs)} | ${x(r.evaluateMs / r.bareMs)} | ` +
      `${r.bareMs.toFixed(1)} ms | ${r.validateMs.toFixed(1)} ms | ${r.evaluateMs.toFixed(1)} ms | ` +
      `${r.jsonMiB.toFixed(1)} MiB | ${r.findings.toLocaleString('en-US')} | ${r.heapMiB.toFixed(0)} MiB | ${r.rssMiB.toFixed(0)} MiB |`,
  ),
].join('\n');

const missed = (key: 'validate' | 'evaluate', ms: (r: Row) => number) =>
  rows.filter((r) => ms(r) > TARGET[key] * r.bareMs).map((r) => r.resources.toLocaleString('en-US'));
const missedValidate = missed('validate', (r) => r.validateMs);
const missedEvaluate = missed('evaluate', (r) => r.evaluateMs);
const verdict = [
  missedValidate.length === 0
    ? `Validation met ≤ ${TARGET.validate}× at every size.`
    : `Validation missed ≤ ${TARGET.validate}× at ${missedValidate.join(', ')} resources.`,
  missedEvaluate.length === 0
    ? `Evaluation met ≤ ${TARGET.evaluate}× at every size.`
    : `Evaluation missed ≤ ${TARGET.evaluate}× at ${missedEvaluate.join(', ')} resources.`,
].join(' ');

const body = `## Rules: validation and evaluation against a bare JSON.parse

Measured by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString().slice(0, 10)}:
${describeMachine()}.

The floor is a bare \`readFileSync\` + \`JSON.parse\` of the same snapshot file: nothing lakewarden does with a snapshot
can be cheaper. Validation is \`parseSnapshot\` (zod) on the parsed data; evaluation is \`evaluateSnapshot\` with the
${rules.length} bundled rules (compiled once by \`loadRules\` in ${compile.ms.toFixed(1)} ms, median of 5, not counted).
Targets: validation ≤ ${TARGET.validate}× the floor, evaluation ≤ ${TARGET.evaluate}×. ${verdict}
Snapshots come from the synthetic generator (\`generateSnapshot({ seed: 42, resources: N })\`: about 8 % warehouses,
30 % clusters, 62 % jobs, 15-42 % of each kind with one planted problem). Times are medians of alternating rounds
(9 at 10k, 5 at 100k) after one unmeasured warm-up of each step; heap and RSS are read after a full GC (RSS is
cumulative: one process runs all sizes). The machine is shared (2 cores), so expect ±30 % between runs.

${table}`;

if (write) {
  await writeBenchSection(values.out, body);
  console.log(`wrote ${values.out}`);
}
