import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let dir: string;
let out: string[];
let err: string[];
const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(extra = ''): string {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\n${extra}`,
  );
  return file;
}

describe('lakewarden CLI', () => {
  it('scans the bundled sample as a dry run and writes previews', async () => {
    const preview = join(dir, 'preview');
    const code = await runCli(
      ['--config', config(), 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json'), '--out', preview],
      output,
    );
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/running as a dry run/);
    const text = out.join('\n');
    expect(text).toMatch(
      /^dry run: \d+ findings, \d+ created, 0 updated, 0 resolved, 0 unchanged, 0 suppressed, total estimated \$[\d,]+\.\d\d\/month at list price, excess cost of anomalies \$[\d,]+\.\d\d\/month \(not savings\)$/m,
    );
    const files = readdirSync(preview);
    expect(files).toContain('index.md');
    expect(files.filter((f) => f.endsWith('.adf.json')).length).toBe(
      files.filter((f) => f.endsWith('.md') && f !== 'index.md').length,
    );
  });

  it('shows savings at the negotiated price next to list: table column, summary and issue previews', async () => {
    writeFileSync(join(dir, 'prices.csv'), 'sku_name,usd_per_dbu\nPREMIUM_SQL_PRO_COMPUTE,0.44\n');
    const preview = join(dir, 'preview');
    const file = config(
      'savings:\n  negotiatedPrices:\n    discounts: { ALL_PURPOSE: 0.2, SERVERLESS_SQL: 0.1 }\n    effectivePriceFile: prices.csv\n',
    );
    const code = await runCli(
      ['--config', file, 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json'), '--out', preview],
      output,
    );
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/est\. USD\/month +excess USD\/month +effective USD\/month +action/);
    expect(text).toMatch(
      /total estimated \$[\d,]+\.\d\d\/month at list price \(\$[\d,]+\.\d\d\/month at negotiated prices\)/,
    );
    const [list, negotiated] = (
      text.match(/\$([\d,]+\.\d\d)\/month at list price \(\$([\d,]+\.\d\d)/)?.slice(1) ?? []
    ).map((v) => Number(v.replace(/,/g, '')));
    expect(negotiated).toBeLessThan(list ?? 0);
    const previews = readdirSync(preview)
      .filter((f) => f.endsWith('.md') && f !== 'index.md')
      .map((f) => readFileSync(join(preview, f), 'utf8'));
    const idle = previews.find((md) => md.includes('rule cluster-idle-running'));
    expect(idle).toMatch(
      /At the negotiated price \(discount for ALL\\*_PURPOSE; effective-price file prices\.csv\): \$[\d,]+\.\d\d per month\./,
    );
    // Markdown escapes the underscores of SKU names.
    const pro = previews.filter((md) => /effective price of PREMIUM\\*_SQL\\*_PRO\\*_COMPUTE/.test(md));
    expect(pro.length).toBeGreaterThan(0);
  });

  it('prints machine-readable findings with --json', async () => {
    const code = await runCli(
      ['--config', config(), 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json'), '--json'],
      output,
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(out.join('\n')) as {
      findings: Array<{ fingerprint: string; route: { routedBy: string } }>;
      dryRun: boolean;
    };
    expect(parsed.dryRun).toBe(true);
    expect(parsed.findings.length).toBeGreaterThan(12);
    for (const f of parsed.findings) expect(f.route.routedBy.length).toBeGreaterThan(0);
  });

  it('exits 2 naming the record for a malformed snapshot', async () => {
    const file = join(dir, 'bad.json');
    const sample = JSON.parse(readFileSync(join(ROOT, 'examples/sample-account.json'), 'utf8'));
    sample.resources[3].config = 'oops';
    writeFileSync(file, JSON.stringify(sample));
    const code = await runCli(['--config', config(), 'scan', '--snapshot', file], output);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/bad\.json: resources\[3\] \(\w+ [^)]+\) config: /);
  });

  it('exits 2 with file:line for an invalid configuration', async () => {
    const code = await runCli(['--config', config('jira:\n  declinedSnoozeDays: -1\n'), 'config', 'validate'], output);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/lakewarden\.yaml:7: jira\.declinedSnoozeDays: /);
  });

  it('validates rules and exits 2 with file:line on a broken rule', async () => {
    expect(await runCli(['--config', config(), 'rules', 'validate'], output)).toBe(0);
    expect(out.join('\n')).toMatch(/^\d+ rules valid$/m);
    const rulesDir = join(dir, 'rules');
    const broken = readFileSync(join(ROOT, 'rules/warehouse-oversized.yaml'), 'utf8').replace(
      /^severity: .*$/m,
      'severity: urgent',
    );
    rmSync(rulesDir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'warehouse-oversized.yaml'), broken);
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, `rules:\n  directory: ${rulesDir}\n`);
    err = [];
    expect(await runCli(['--config', file, 'rules', 'validate'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/warehouse-oversized\.yaml:\d+: severity: /);
  });

  it('lists rules and prints the configuration and snapshot JSON Schemas', async () => {
    expect(await runCli(['--config', config(), 'rules', 'list'], output)).toBe(0);
    expect(out.join('\n')).toMatch(/warehouse-auto-stop-too-long\s+warehouse\s+cost/);
    out = [];
    expect(await runCli(['config', 'schema'], output)).toBe(0);
    const schema = JSON.parse(out.join('\n')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['jira', 'routing', 'rules', 'store']));
    out = [];
    expect(await runCli(['snapshot', 'schema'], output)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ title: 'lakewarden snapshot', type: 'object' });
  });

  it('remediation.autonomy is resolved once: rules list and the issue text say what the guardrails do', async () => {
    const extra =
      'remediation:\n  autonomy:\n    byRule:\n      warehouse-auto-stop-too-long: manual\n    byStrategy:\n      warehouse-size: manual\n';
    expect(await runCli(['--config', config(extra), 'rules', 'list', '--json'], output)).toBe(0);
    const listed = JSON.parse(out.join('\n')) as Array<{ id: string; autonomy: string }>;
    const autonomyOf = (id: string) => listed.find((r) => r.id === id)?.autonomy;
    expect(autonomyOf('warehouse-auto-stop-too-long')).toBe('manual');
    expect(autonomyOf('warehouse-oversized')).toBe('manual');
    expect(autonomyOf('cluster-no-auto-termination')).toBe('approval');
    out = [];
    const preview = join(dir, 'preview');
    const args = ['scan', '--snapshot', join(ROOT, 'examples/sample-account.json'), '--out', preview];
    expect(await runCli(['--config', config(extra), ...args], output)).toBe(0);
    const texts = readdirSync(preview)
      .filter((f) => f.endsWith('.md') && f !== 'index.md')
      .map((f) => readFileSync(join(preview, f), 'utf8'));
    const autoStop = texts.filter((t) => t.includes('warehouse-auto-stop-too-long'));
    expect(autoStop.length).toBeGreaterThan(0);
    for (const text of autoStop) {
      expect(text).toContain('Autonomy: manual');
      expect(text).not.toContain('To approve, move this issue');
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    expect(await runCli(['scna'], output)).toBe(2);
    expect(await runCli(['scan', '--snapshto', 'x'], output)).toBe(2);
  });
});
