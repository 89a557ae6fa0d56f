/**
 * CLI startup benchmark (hyperfine-like): runs a bare `node -e 0`, `lakewarden --help` from the source
 * (`node bin/lakewarden.mjs`, as the npm scripts run it), from the built bin (`node dist/cli.js`, as installed)
 * and from `node src/cli.ts`, and the command `npm run demo` runs (read from package.json: a dry-run scan of
 * the bundled sample account with previews), in
 * alternating rounds, and reports the median wall time of each as a ratio to the bare node (targets: help
 * ≤ 5×, demo ≤ 15×). The help and demo also run without the module compile cache to show what it saves.
 * Builds dist/ first (`tsc -p tsconfig.json`) so the bin measured is the current source. Writes the
 * `bench:startup` block of docs/benchmarks.md.
 *
 *   node bench/startup.ts [--rounds 15] [--out docs/benchmarks.md] [--no-write]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config.ts';
import { describeMachine } from './machine.ts';
import { median } from './measure.ts';
import { writeBenchSection } from './write-section.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds: expected a positive integer, got "${values.rounds}"`);
  process.exit(2);
}

const ROOT = new URL('../', import.meta.url).pathname;
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'lw-bench-startup-'));

// The demo is a dry run: no Jira, Databricks or Postgres settings reach the child processes.
const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(JIRA_|DATABRICKS_|ARM_|DATABASE_URL$|NODE_COMPILE_CACHE$|NODE_DISABLE_COMPILE_CACHE$)/.test(key),
  ),
);
// As installed: the cache is turned on in its default directory (NODE_COMPILE_CACHE is not set) by
// bin/lakewarden.mjs before any TypeScript loads, or by src/enable-compile-cache.ts after src/cli.ts's own static
// imports (so `node src/cli.ts` and `node dist/cli.js` compile those few modules every time).
const cached: NodeJS.ProcessEnv = baseEnv;
const uncached: NodeJS.ProcessEnv = { ...baseEnv, NODE_DISABLE_COMPILE_CACHE: '1' };
// The demo is exactly what `npm run demo` runs (package.json), with its previews written to a temporary directory.
const demoScript = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { demo: string } })
  .scripts.demo;
const demoWords = demoScript.split(/\s+/);
if (demoWords[0] !== 'node' || !demoWords.includes('--out')) {
  console.error(`package.json scripts.demo: expected "node <script> … --out <dir>", got "${demoScript}"`);
  process.exit(2);
}
const demoArgs = demoWords.slice(1).map((word, i, words) => (words[i - 1] === '--out' ? join(work, 'preview') : word));
// The demo's store file (store.sqlitePath of its --config): absent on a fresh clone, where the dry run reads it as
// an empty store without loading the database modules (src/store/deferred-store.ts); present, the store opens.
const demoConfig = demoArgs[demoArgs.indexOf('--config') + 1];
const storeFile = (await loadConfig({ path: join(ROOT, demoConfig ?? ''), env: baseEnv })).config.store.sqlitePath;
const storeState = existsSync(storeFile)
  ? `present (${relative(ROOT, storeFile)}: the dry run opens and reads it)`
  : `absent (${relative(ROOT, storeFile)}, as on a fresh clone: the dry run reads an empty store and creates no file)`;
// The script the npm scripts run from source (bin/lakewarden.mjs: the compile cache on before any TypeScript loads).
const sourceLauncher = demoArgs[0] ?? '';

interface Case {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Target ratio to the bare node, when the issue sets one. */
  target?: number;
}

const cases: Case[] = [
  { name: '`node -e 0` (floor)', args: ['-e', '0'], env: baseEnv },
  {
    name: `\`node ${sourceLauncher} --help\` (source, as the npm scripts run it)`,
    args: [sourceLauncher, '--help'],
    env: cached,
    target: 5,
  },
  { name: '`node dist/cli.js --help` (installed bin)', args: ['dist/cli.js', '--help'], env: cached, target: 5 },
  { name: '`npm run demo` command (dry-run scan, previews)', args: demoArgs, env: cached, target: 15 },
  { name: '`node src/cli.ts --help` (the source entry run directly)', args: ['src/cli.ts', '--help'], env: cached },
  { name: `\`node ${sourceLauncher} --help\`, no compile cache`, args: [sourceLauncher, '--help'], env: uncached },
  { name: '`node dist/cli.js --help`, no compile cache', args: ['dist/cli.js', '--help'], env: uncached },
  { name: '`npm run demo` command, no compile cache', args: demoArgs, env: uncached },
];

function runOnce(c: Case): number {
  const start = performance.now();
  const result = spawnSync(node, c.args, { cwd: ROOT, env: c.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`${c.name} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
  }
  return ms;
}

try {
  console.log('building dist/ (tsc -p tsconfig.json) …');
  execFileSync(node, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const loadBefore = loadavg()[0] ?? 0;
  // One warm-up round: fills the compile cache and the file system cache.
  for (const c of cases) runOnce(c);
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      times[i]?.push(runOnce(c));
    });
  }
  const medians = times.map((t) => median(t));
  const floor = medians[0] ?? Number.NaN;
  const rows = cases.map((c, i) => {
    const ms = medians[i] ?? Number.NaN;
    const ratio = ms / floor;
    const verdict = c.target === undefined ? '—' : ratio <= c.target ? `≤ ${c.target}× ✓` : `≤ ${c.target}× ✗`;
    return `| ${c.name} | ${ratio.toFixed(1)}× | ${verdict} | ${ms.toFixed(0)} |`;
  });
  const date = new Date().toISOString().slice(0, 10);
  const body = [
    '## CLI startup',
    '',
    `Machine: ${describeMachine()}. Date: ${date}. Command: \`node bench/startup.ts\` (part of \`npm run bench\`).`,
    `Load average (1 min) before / after the rounds: ${loadBefore.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)} (a shared machine`,
    'inflates the CPU-bound rows more than the floor).',
    '',
    `Median wall time of ${rounds} alternating rounds (after one warm-up round) per command, as a ratio to a bare`,
    '`node -e 0` measured in the same rounds. Commands import their implementation and optional back-ends',
    '(SQL driver, Jira client, model SDKs, Postgres) on demand. The npm scripts run the source through',
    '`bin/lakewarden.mjs`, which turns on the module compile cache before the first TypeScript file loads (so a',
    "warm run never loads Node.js's type stripper); `dist/cli.js` and `src/cli.ts` turn it on after their own few",
    'imports (`src/enable-compile-cache.ts`). The demo row is the command `npm run demo` runs (without',
    "npm's own start-up), writing its previews to a temporary directory. The demo's store file was",
    `${storeState}.`,
    '',
    '| Command | Ratio to `node -e 0` | Target | Median (ms) |',
    '|---|---:|---|---:|',
    ...rows,
  ].join('\n');
  console.log(body);
  if (!values['no-write']) {
    await writeBenchSection(values.out, body, 'startup');
    console.log(`\nwritten to ${values.out} (bench:startup)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
