import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { SCHEMA_FILE } from '../../../src/commands/init-command.ts';
import { configJsonSchemaText } from '../../../src/commands/schema-commands.ts';
import { parseConfigText } from '../../../src/config/load-config.ts';

const ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
let dir: string;
let out: string[];
let err: string[];
const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-init-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lakewarden init', () => {
  it('writes a commented starter config with the schema modeline that validates, and prints the next three commands', async () => {
    const file = join(dir, 'conf', 'lakewarden.yaml');
    mkdirSync(join(dir, 'conf'));
    expect(await runCli(['init', '--out', file], output)).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./${SCHEMA_FILE}`);
    expect(readFileSync(join(dir, 'conf', SCHEMA_FILE), 'utf8')).toBe(`${configJsonSchemaText()}\n`);
    expect(text).toMatch(/^ {2}projectKey: FINOPS$/m);
    const config = parseConfigText(text, file);
    expect(config.jira.projectKey).toBe('FINOPS');

    expect(out[0]).toBe(`Wrote ${file} (and ${SCHEMA_FILE} beside it for editor completion). Next:`);
    expect(out.slice(1).map((l) => l.trim().split(' --config ')[1]?.split(' ')[1])).toEqual([
      'config',
      'scan',
      'doctor',
    ]);

    // The printed commands work: config validate and the dry-run scan of the bundled sample.
    out = [];
    expect(await runCli(['--config', file, 'config', 'validate'], output)).toBe(0);
    expect(out[1]).toContain(join(ROOT, 'rules'));
    out = [];
    const code = await runCli(
      ['--config', file, 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json'), '--dry-run'],
      output,
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^dry run: \d+ findings/m);
    // The dry run only reads the store, and a store file that does not exist yet reads as empty: not created.
    const storeFile = join(dir, 'conf', '.lakewarden', 'lakewarden.db');
    expect(existsSync(storeFile)).toBe(false);
    // doctor's store check opens it: created beside the config (store.sqlitePath resolves against its folder).
    out = [];
    await runCli(['--config', file, 'doctor'], output);
    expect(out.join('\n')).toMatch(/store.*migrated/);
    expect(existsSync(storeFile)).toBe(true);
  });

  it('uses paths relative to the config when the bundled rules lie below its folder (a clone)', async () => {
    const file = join(dir, 'lakewarden.yaml');
    const { starterConfig } = await import('../../../src/commands/init-command.ts');
    expect(starterConfig(ROOT)).toMatch(/^ {2}directory: "rules"$/m);
    expect(starterConfig(ROOT)).toMatch(/^ {2}templatesDirectory: "templates"$/m);
    expect(starterConfig(dir)).toContain(`directory: "${join(ROOT, 'rules')}"`);
    writeFileSync(file, starterConfig(dir));
    expect(() => parseConfigText(readFileSync(file, 'utf8'), file)).not.toThrow();
  });

  it('refuses to overwrite an existing file (exit 2) unless --force', async () => {
    const file = join(dir, 'lakewarden.yaml');
    writeFileSync(file, 'jira: {}\n');
    expect(await runCli(['init', '--out', file], output)).toBe(2);
    expect(err.join('\n')).toContain(`${file}: already exists; not overwritten (pass --force to replace it)`);
    expect(readFileSync(file, 'utf8')).toBe('jira: {}\n');
    expect(await runCli(['init', '--out', file, '--force'], output)).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('writes a Jira Data Center starter with --jira datacenter that validates, and refuses another flavour (exit 2)', async () => {
    const file = join(dir, 'lakewarden.yaml');
    expect(await runCli(['init', '--out', file, '--jira', 'server'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/--jira: expected cloud or datacenter, got "server"/);
    expect(existsSync(file)).toBe(false);
    expect(await runCli(['init', '--out', file, '--jira', 'datacenter'], output)).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^ {2}deployment: datacenter$/m);
    expect(await runCli(['--config', file, 'config', 'validate'], output)).toBe(0);
  });
});
