import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { humanLogLine } from '../../../src/logging/human-log-stream.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'examples/sample-account.json');
let dir: string;
let out: string[];
let err: string[];
let stderr: string[];
const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-output-'));
  out = [];
  err = [];
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function config(): string {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\n`,
  );
  return file;
}
const tableRows = () => {
  const start = out.findIndex((l) => l.startsWith('rule '));
  return (out[start] as string)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '' && !l.startsWith('…'));
};

describe('scan output for people and for machines', () => {
  it('human mode (default) prints no JSON log line; --log-format json prints them on stderr', async () => {
    expect(await runCli(['--config', config(), 'scan', '--snapshot', SAMPLE], output)).toBe(0);
    expect(stderr.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    expect([...out, ...err].filter((l) => l.trimStart().startsWith('{"'))).toEqual([]);

    stderr = [];
    expect(await runCli(['--log-format', 'json', '--config', config(), 'scan', '--snapshot', SAMPLE], output)).toBe(0);
    const json = stderr.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
    expect(json.map((l) => l.msg)).toContain('rules evaluated');
  });

  it('rejects an unknown --log-format with exit 2', async () => {
    expect(await runCli(['--log-format', 'xml', 'config', 'validate'], output)).toBe(2);
  });

  it('renders warnings and errors in plain words and drops informational lines', () => {
    const line = JSON.stringify({
      level: 'warn',
      time: 1,
      app: 'lakewarden',
      ruleId: 'r1',
      error: 'division by zero',
      msg: 'rule failed on a resource',
    });
    expect(humanLogLine(line)).toBe('warning: rule failed on a resource (ruleId=r1)\n');
    expect(
      humanLogLine(
        JSON.stringify({ level: 'error', msg: 'Jira call failed', err: { message: 'HTTP 503' }, status: 503 }),
      ),
    ).toBe('error: Jira call failed: HTTP 503 (status=503)\n');
    expect(humanLogLine(JSON.stringify({ level: 'info', msg: 'rules evaluated' }))).toBeUndefined();
  });

  it('--limit shows the first rows by estimated USD/month and says how many are left; totals stay', async () => {
    expect(await runCli(['--config', config(), 'scan', '--snapshot', SAMPLE, '--limit', '3'], output)).toBe(0);
    expect(tableRows()).toHaveLength(3);
    const usd = tableRows().map((r) => Number(/\$([\d,.]+)/.exec(r)?.[1]?.replaceAll(',', '')));
    expect(usd).toEqual([...usd].sort((a, b) => b - a));
    const total = Number(/^dry run: (\d+) findings/m.exec(out.join('\n'))?.[1]);
    expect(out.join('\n')).toContain(`… ${total - 3} more rows not shown (--limit 3 of ${total}; --limit 0 shows all)`);
    expect(out.join('\n')).toMatch(new RegExp(`^${total} findings from \\d+ rules over \\d+ resources`, 'm'));
  });

  it('--sort orders the table by the chosen column, --limit 0 shows all', async () => {
    expect(
      await runCli(['--config', config(), 'scan', '--snapshot', SAMPLE, '--sort', 'rule', '--limit', '0'], output),
    ).toBe(0);
    const rules = tableRows().map((r) => r.split(/\s+/)[0] as string);
    expect(rules).toEqual([...rules].sort((a, b) => a.localeCompare(b)));
    expect(out.join('\n')).not.toContain('more rows not shown');
  });

  it('rejects a bad --limit or --sort with exit 2 and says what was expected', async () => {
    expect(await runCli(['--config', config(), 'scan', '--snapshot', SAMPLE, '--limit', 'ten'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/--limit: expected a whole number of rows/);
    expect(await runCli(['--config', config(), 'scan', '--snapshot', SAMPLE, '--sort', 'cost'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/--sort: expected one of usd, rule, resource, owner, action, got "cost"/);
  });
});

describe('npm run sample', () => {
  it('writes to a new temporary folder unless --out is given, leaving the bundled sample alone', () => {
    const before = statSync(SAMPLE).mtimeMs;
    const printed = execFileSync(process.execPath, [join(ROOT, 'scripts/generate-sample.ts'), '--resources', '20'], {
      encoding: 'utf8',
    });
    const path = /^(\S+): seed 42, \d+ resources/.exec(printed)?.[1] as string;
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(existsSync(path)).toBe(true);
    rmSync(join(path, '..'), { recursive: true, force: true });
    expect(statSync(SAMPLE).mtimeMs).toBe(before);
    const target = join(dir, 'mine.json');
    execFileSync(process.execPath, [join(ROOT, 'scripts/generate-sample.ts'), '--resources', '20', '--out', target]);
    expect(existsSync(target)).toBe(true);
  });
});
