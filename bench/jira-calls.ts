/**
 * Jira calls per scan: scans the bundled sample account against the stateful fake Jira (msw, in-process)
 * three times — fresh, unchanged, and with a tenth of the findings gone — and compares the calls made with
 * the minimum each scan needs. Writes the `bench:jira` block of docs/benchmarks.md.
 *
 *   node bench/jira-calls.ts [--no-write]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { setupServer } from 'msw/node';
import { parse as parseYaml } from 'yaml';
import { scanCommand } from '../src/commands/scan-command.ts';
import { readEnv } from '../src/config/env.ts';
import type { LoadedConfig } from '../src/config/load-config.ts';
import { LakewardenConfig } from '../src/config/schema.ts';
import { createServices } from '../src/main.ts';
import { loadSnapshot, saveSnapshot } from '../src/snapshot/load-snapshot.ts';
import type { Snapshot } from '../src/snapshot/schema.ts';
import { createFakeJira } from '../test/support/fake-jira.ts';
import { describeMachine } from './machine.ts';
import { writeBenchSection } from './write-section.ts';

const { values } = parseArgs({ options: { 'no-write': { type: 'boolean', default: false } } });
const ROOT = new URL('../', import.meta.url).pathname;
// The example configuration, without Jira components (the fake project only has its own); the users it
// maps to accountIds exist on the fake site.
const example = parseYaml(readFileSync(join(ROOT, 'examples/lakewarden.yaml'), 'utf8')) as {
  routing?: {
    teams?: Record<string, { components?: string[] }>;
    users?: Record<string, string>;
    defaultQueue?: { components?: string[] };
  };
  rules?: Record<string, unknown>;
};
for (const team of Object.values(example.routing?.teams ?? {})) team.components = [];
if (example.routing?.defaultQueue !== undefined) example.routing.defaultQueue.components = [];
const users = Object.entries(example.routing?.users ?? {}).map(([email, accountId]) => ({
  accountId,
  displayName: email.split('@')[0] ?? email,
  emailAddress: email,
  active: true,
  accountType: 'atlassian' as const,
  emailHidden: false,
  groups: [],
}));
const fake = createFakeJira({ apiToken: 'bench-token', projectKey: 'FINOPS', users });
const server = setupServer(...fake.handlers);
server.listen({ onUnhandledFrame: 'error' });
const dir = mkdtempSync(join(tmpdir(), 'lw-bench-jira-'));
const loaded: LoadedConfig = {
  config: LakewardenConfig.parse({
    ...example,
    rules: { ...example.rules, directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: join(dir, 'lw.db') },
  }),
  env: readEnv({
    JIRA_BASE_URL: fake.baseUrl,
    JIRA_EMAIL: fake.state.email,
    JIRA_API_TOKEN: 'bench-token',
    JIRA_PROJECT_KEY: 'FINOPS',
  }),
  file: undefined,
  baseDir: ROOT,
};

async function scan(snapshot: Snapshot): Promise<{
  calls: Map<string, number>;
  total: number;
  findings: number;
  created: number;
  resolved: number;
  users: number;
}> {
  const file = join(dir, `snapshot-${Date.now()}-${Math.random()}.json`);
  await saveSnapshot(file, snapshot);
  const before = fake.calls().length;
  const services = await createServices(loaded, {
    logDestination: new Writable({
      write: (c, _e, done) => {
        if (process.env.LAKEWARDEN_BENCH_DEBUG) process.stderr.write(c);
        done();
      },
    }),
    sleep: async () => {},
  });
  let summary = '';
  try {
    await scanCommand(
      loaded,
      services,
      { snapshot: file, dryRun: false, json: false },
      {
        out: (t) => {
          summary = t;
        },
        err: () => {},
      },
      undefined,
    );
  } finally {
    await services.close();
  }
  const made = fake.calls().slice(before);
  const calls = new Map<string, number>();
  for (const c of made) {
    const key = `${c.method} ${c.path.replace(/\/issue\/\d+/g, '/issue/{id}')}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
  }
  if (/failed/.test(summary)) throw new Error(`bench scan had failures: ${summary}`);
  const count = (re: RegExp) => Number(re.exec(summary)?.[1] ?? 0);
  return {
    calls,
    total: made.length,
    findings: count(/(\d+) findings/),
    created: count(/(\d+) created/),
    resolved: count(/(\d+) resolved/),
    users: calls.get('GET /rest/api/3/user/search') ?? 0,
  };
}

const sample = await loadSnapshot(join(ROOT, 'examples/sample-account.json'));
const first = await scan(sample);
const second = await scan(sample);
// Drop every tenth resource that had a finding's workspace untouched: remove 10 % of resources.
const thinner: Snapshot = { ...sample, resources: sample.resources.filter((_, i) => i % 10 !== 0) };
const third = await scan(thinner);
server.close();
rmSync(dir, { recursive: true, force: true });

const searches = (findings: number) => Math.ceil(findings / 100);
const minimum = [
  {
    scan: first,
    min: 1 + searches(first.findings) + first.users + 2 + Math.ceil(first.created / 50),
    note: 'myself + fingerprint searches + user look-ups + create metadata (issue types, fields) + bulk creates (≤ 50)',
  },
  { scan: second, min: 1 + searches(second.findings), note: 'myself + fingerprint searches; zero writes' },
  {
    scan: third,
    min: 1 + searches(third.findings + third.resolved) + 1 + third.resolved * 4,
    note: 'myself + searches + workflow statuses + per resolve: status read, transitions list, transition, comment',
  },
];
const lines = [
  '## Jira calls per scan',
  '',
  `Machine: ${describeMachine()}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`node bench/jira-calls.ts\` (part of \`npm run bench\`).`,
  '',
  'The bundled sample account scanned three times against the stateful fake Jira: a fresh project, the same snapshot again, and a',
  'snapshot with every tenth resource gone. "Minimum" is what any correct sync needs for that scan (see the note): one',
  'credentials check, one bounded JQL search per 100 fingerprints (Jira answers, not the store, decide declined and closed',
  'issues), one user search per owner email not mapped in `routing.users` (cached afterwards), one bulk create per 50 new',
  'issues, the create metadata of the project once per scan that writes; a resolve needs the current status, the transitions',
  'list (transition ids depend on the workflow and current status), the transition and a comment, plus the statuses of the',
  "project's workflow once. An unchanged scan therefore makes reads only and zero writes.",
  '',
  '| Scan | Findings | Created | Resolved | Jira calls | Minimum | Over minimum | Minimum counts |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...minimum.map(({ scan, min, note }, i) => {
    const label = ['1. fresh', '2. unchanged', '3. 10 % of resources gone'][i];
    return `| ${label} | ${scan.findings} | ${scan.created} | ${scan.resolved} | ${scan.total} | ${min} | ${(((scan.total - min) / min) * 100).toFixed(1)} % | ${note} |`;
  }),
  '',
  'Calls by endpoint (fresh scan):',
  '',
  '| Endpoint | Calls |',
  '|---|---:|',
  ...[...first.calls.entries()].sort().map(([k, v]) => `| \`${k}\` | ${v} |`),
];
const body = lines.join('\n');
console.log(body);
if (!values['no-write']) await writeBenchSection(join(ROOT, 'docs/benchmarks.md'), body, 'jira');
