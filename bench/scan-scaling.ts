/**
 * The whole CLI against an honest floor, and streaming snapshots at scale. Each step runs as its own process
 * (wall time from spawn to exit, peak RSS), in alternating rounds:
 *
 * - `lakewarden scan --dry-run` on a JSON document (10k and 100k resources) against a bare node process that
 *   reads and `JSON.parse`s the same file (bench/bare-parse.mjs); targets ≤ 5× at 10k, ≤ 3× at 100k;
 * - the same scan on JSON Lines snapshots (10k, 100k, 1M resources; 1M only without `--quick`/`--no-million`)
 *   against a bare process that reads and `JSON.parse`s each line, plus the streamed evaluation alone
 *   (bench/scan-stream.ts); target peak RSS ≤ 1 GiB at 1M and time linear in resources.
 *
 * Startup alone (`node -e 0` against `lakewarden --help`) is measured by bench/startup.ts, not here.
 *
 * Snapshots tile one generated 10k-resource account (bench/tile-snapshot.ts; 1k with `--quick`). Writes the
 * `bench:scan` block of docs/benchmarks.md (not with `--quick` or `--no-write`).
 *
 *   node bench/scan-scaling.ts [--quick] [--no-million] [--no-write] [--out docs/benchmarks.md]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveSnapshot } from '../src/snapshot/load-snapshot.ts';
import { writeSnapshotLines } from '../src/snapshot/snapshot-lines.ts';
import { generateSnapshot } from '../src/snapshot/synthetic/generate-snapshot.ts';
import { describeMachine } from './machine.ts';
import { median } from './measure.ts';
import { type ProcessRun, runNode } from './run-process.ts';
import { tileResources } from './tile-snapshot.ts';
import { writeBenchSection } from './write-section.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-million': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/benchmarks.md' },
  },
});
const ROOT = new URL('../', import.meta.url).pathname;
const quick = values.quick;
const baseSize = quick ? 1000 : 10_000;
const documentSizes = quick ? [1000] : [10_000, 100_000];
const lineSizes = quick ? [1000] : values['no-million'] ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
/** Whole-scan targets as ratios to the bare parse process (issue #17); none below 10k. */
const TARGET: Record<number, number> = { 10000: 5, 100000: 3 };
const RSS_TARGET_MIB = 1024;

const scanArgs = (file: string) => [
  'bin/lakewarden.mjs',
  '--config',
  'examples/lakewarden.yaml',
  'scan',
  '--snapshot',
  file,
  '--dry-run',
  '--limit',
  '10',
];

/** Runs the named steps `rounds` times, alternating, and keeps each step's median time and largest peak RSS. */
async function alternate(
  rounds: number,
  steps: Record<string, readonly string[]>,
): Promise<Record<string, { ms: number; peakRssMiB: number; last: ProcessRun }>> {
  const runs: Record<string, ProcessRun[]> = {};
  for (let i = 0; i < rounds; i++) {
    for (const [name, args] of Object.entries(steps)) {
      const list = runs[name] ?? [];
      try {
        list.push(await runNode(args, ROOT));
      } catch (error) {
        // A step that fails (e.g. out of memory) is reported as failed, not allowed to lose the other rows.
        failures.push(
          `${name} on ${args.find((a) => a.includes('snapshot-'))?.replace(/.*\//, '') ?? args.join(' ')}: ${(error as Error).message.split('\n').find((l) => /Error|heap|memory/i.test(l)) ?? 'failed'}`,
        );
        console.error((error as Error).message.slice(-2000));
      }
      runs[name] = list;
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      list.length === 0
        ? { ms: Number.NaN, peakRssMiB: Number.NaN, last: { ms: Number.NaN, peakRssMiB: Number.NaN, stdout: '{}' } }
        : {
            ms: median(list.map((r) => r.ms)),
            peakRssMiB: Math.max(...list.map((r) => r.peakRssMiB)),
            last: list[list.length - 1] as ProcessRun,
          },
    ]),
  );
}

const failures: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'lw-bench-scan-'));
const base = generateSnapshot({ seed: 42, resources: baseSize });
const { resources: _base, ...header } = base;
const rounds = (n: number) => (quick ? 1 : n >= 1_000_000 ? 1 : n >= 100_000 ? 3 : 5);
const mib = (file: string) => statSync(file).size / 2 ** 20;
/** A measured number with its unit, or "failed" when the step did not finish (see "Failed steps"). */
const num = (value: number, digits: number, unit: string) =>
  Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : 'failed';

try {
  const documentRows: string[] = [];
  const missed: string[] = [];
  const lineRows: string[] = [];
  const body = () => `## Whole CLI scan against a bare parse process; streaming snapshots

Measured by \`npm run bench\` (\`bench/scan-scaling.ts\`) on ${new Date().toISOString().slice(0, 10)}:
${describeMachine()}.

Every number is one process from spawn to exit (startup included), peak RSS the process's own high-water mark (\`VmHWM\` in /proc/self/status at exit; \`maxRSS\` of getrusage would carry the bench parent's peak across fork + exec).
Steps alternate round by round (5 rounds at 10k, 3 at 100k, 1 at 1M; medians). The scan is
\`node bin/lakewarden.mjs --config examples/lakewarden.yaml scan --snapshot <file> --dry-run --limit 10\` with no Jira
credentials (the source path \`npm run lakewarden\` runs). Snapshots tile one generated 10k-resource account (\`generateSnapshot({ seed: 42,
resources: 10000 })\`, each copy with its own ids), so findings grow in proportion.

Every row includes the CLI's startup, measured on its own in "CLI startup" (\`bench/startup.ts\`). The scan writes no previews (no \`--out\`), so its dry-run sync renders only the
issues whose content hash it compares (none here: the store knows no issue).

**JSON document** against \`node bench/bare-parse.mjs <file> json\` (readFileSync + JSON.parse). ${
    missed.length === 0 ? 'Every target was met.' : `Missed at ${missed.join(', ')}.`
  }

| Resources | Scan / floor | Target | Scan | Floor | Scan peak RSS | Floor peak RSS | File |
|---:|---:|---:|---:|---:|---:|---:|---:|
${documentRows.join('\n')}

**JSON Lines** against \`node bench/bare-parse.mjs <file> lines\` (readline + one JSON.parse per line). "Evaluate" is
the streamed evaluation alone (\`bench/scan-stream.ts\`: open, validate and evaluate resource by resource, no sync).
Target: peak RSS ≤ ${RSS_TARGET_MIB} MiB at 1M, time per 1k resources flat.

| Resources | Scan / floor | Evaluate / floor | Scan | Scan per 1k | Scan peak RSS | Evaluate | Evaluate peak RSS | Floor | Floor peak RSS | Findings | File |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${lineRows.join('\n')}${failures.length === 0 ? '' : `\n\nFailed steps: ${failures.join('; ')}.`}`;
  const publish = async (): Promise<void> => {
    if (!values['no-write'] && !quick) await writeBenchSection(values.out, body(), 'scan');
  };

  for (const n of documentSizes) {
    const file = join(dir, `snapshot-${n}.json`);
    await saveSnapshot(file, { ...header, resources: [...tileResources(base, n)] });
    const r = await alternate(rounds(n), { bare: ['bench/bare-parse.mjs', file, 'json'], scan: scanArgs(file) });
    const bare = r.bare as NonNullable<typeof r.bare>;
    const scan = r.scan as NonNullable<typeof r.scan>;
    const ratio = scan.ms / bare.ms;
    const target = TARGET[n];
    if (target !== undefined && ratio > target) missed.push(`${n.toLocaleString('en-US')} (${ratio.toFixed(1)}×)`);
    documentRows.push(
      `| ${n.toLocaleString('en-US')} | ${ratio.toFixed(1)}× | ${target === undefined ? '—' : `≤ ${target}×`} | ` +
        `${(scan.ms / 1000).toFixed(2)} s | ${(bare.ms / 1000).toFixed(2)} s | ${scan.peakRssMiB.toFixed(0)} MiB | ` +
        `${bare.peakRssMiB.toFixed(0)} MiB | ${mib(file).toFixed(0)} MiB |`,
    );
    console.log(documentRows[documentRows.length - 1]);
    rmSync(file, { force: true });
    await publish();
  }

  for (const n of lineSizes) {
    const file = join(dir, `snapshot-${n}.jsonl`);
    await writeSnapshotLines(file, header, tileResources(base, n), { gzip: false });
    const r = await alternate(rounds(n), {
      bare: ['bench/bare-parse.mjs', file, 'lines'],
      evaluate: ['bench/scan-stream.ts', file],
      scan: scanArgs(file),
    });
    const bare = r.bare as NonNullable<typeof r.bare>;
    const evaluate = r.evaluate as NonNullable<typeof r.evaluate>;
    const scan = r.scan as NonNullable<typeof r.scan>;
    const findings = (JSON.parse(evaluate.last.stdout) as { findings?: number }).findings ?? Number.NaN;
    lineRows.push(
      `| ${n.toLocaleString('en-US')} | ${num(scan.ms / bare.ms, 1, '×')} | ${num(evaluate.ms / bare.ms, 1, '×')} | ` +
        `${num(scan.ms / 1000, 1, ' s')} | ${num((1000 * scan.ms) / n, 2, ' ms')} | ${num(scan.peakRssMiB, 0, ' MiB')} | ` +
        `${num(evaluate.ms / 1000, 1, ' s')} | ${num(evaluate.peakRssMiB, 0, ' MiB')} | ${num(bare.ms / 1000, 1, ' s')} | ` +
        `${num(bare.peakRssMiB, 0, ' MiB')} | ${Number.isNaN(findings) ? '—' : findings.toLocaleString('en-US')} | ${mib(file).toFixed(0)} MiB |`,
    );
    console.log(lineRows[lineRows.length - 1]);
    rmSync(file, { force: true });
    await publish();
  }

  console.log(body());
  if (!values['no-write'] && !quick) console.log(`wrote ${values.out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
