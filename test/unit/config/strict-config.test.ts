import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../../../src/cli.ts';
import { loadConfig, parseConfigText } from '../../../src/config/load-config.ts';
import { findUnknownKeys, suggest } from '../../../src/config/unknown-keys.ts';

function problems(text: string): string[] {
  try {
    parseConfigText(text, 'lw.yaml');
  } catch (error) {
    return (error as Error).message.split('\n');
  }
  return [];
}

describe('strict configuration: unknown keys at any depth', () => {
  it('reports a misspelled key inside a section with its line and the key it meant', () => {
    expect(problems('jira:\n  issueType: Task\n  projectKye: FIN\n')).toEqual([
      'lw.yaml:3: jira.projectKye: unknown key (did you mean "projectKey"?)',
    ]);
  });

  it('reports typos at depth 3 and inside records, each at its own line, in file order', () => {
    const text = [
      'jira:', // 1
      '  statuses:', // 2
      '    aproved: Approved', // 3
      'routing:', // 4
      '  teams:', // 5
      '    payments:', // 6
      '      asignee: a@example.com', // 7
      'rulez: {}', // 8
      'server:', // 9
      '  automation:', // 10
      '    enabeld: true', // 11
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      'lw.yaml:3: jira.statuses.aproved: unknown key (did you mean "approved"?)',
      'lw.yaml:7: routing.teams.payments.asignee: unknown key (did you mean "assignee"?)',
      'lw.yaml:8: rulez: unknown key (did you mean "rules"?)',
      'lw.yaml:11: server.automation.enabeld: unknown key (did you mean "enabled"?)',
    ]);
  });

  it('gives no suggestion when nothing declared is close, and mixes unknown keys with type errors by line', () => {
    expect(problems('jira:\n  reopenWhenWorseFactor: "lots"\nzzzzzzzz: 1\n')).toEqual([
      expect.stringMatching(/^lw\.yaml:2: jira\.reopenWhenWorseFactor: .*number/),
      'lw.yaml:3: zzzzzzzz: unknown key',
    ]);
  });

  it('walks objects, records, arrays, unions and wrappers of any schema', () => {
    const schema = z.object({
      list: z.array(z.object({ name: z.string() })).default([]),
      either: z.union([z.object({ a: z.number() }), z.object({ b: z.number() })]).optional(),
      open: z.looseObject({}).optional(),
      piped: z
        .object({ x: z.number() })
        .transform((v) => v.x)
        .optional(),
    });
    const data = {
      list: [{ name: 'n', nmae: 'typo' }],
      either: { b: 1, c: 2 },
      open: { anything: 1 },
      piped: { y: 1 },
    };
    expect(findUnknownKeys(schema, data).map((u) => u.path.join('.'))).toEqual(['list.0.nmae', 'either.c', 'piped.y']);
  });

  it('suggests only close keys, case-insensitively', () => {
    expect(suggest('PROJECTKEY', ['projectKey', 'issueType'])).toBe('projectKey');
    expect(suggest('colour', ['projectKey', 'issueType'])).toBeUndefined();
  });
});

describe('relative paths resolve against the configuration file folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-paths-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves rules, templates and the SQLite file wherever the command starts', async () => {
    mkdirSync(join(dir, 'conf'));
    const file = join(dir, 'conf', 'lakewarden.yaml');
    writeFileSync(file, 'rules:\n  directory: ../my-rules\nstore:\n  sqlitePath: state/lw.db\n');
    const loaded = await loadConfig({ path: file, env: {} });
    expect(loaded.config.rules.directory).toBe(join(dir, 'my-rules'));
    expect(loaded.config.rules.templatesDirectory).toBe(join(dir, 'conf', 'templates'));
    expect(loaded.config.store.sqlitePath).toBe(join(dir, 'conf', 'state', 'lw.db'));
  });

  it('keeps an in-memory SQLite store in memory', async () => {
    const file = join(dir, 'lakewarden.yaml');
    writeFileSync(file, "store:\n  sqlitePath: ':memory:'\n");
    expect((await loadConfig({ path: file, env: {} })).config.store.sqlitePath).toBe(':memory:');
  });
});

describe('lakewarden config validate checks rules and overrides as scan does', () => {
  const ROOT = new URL('../../../', import.meta.url).pathname;
  let dir: string;
  let out: string[];
  let err: string[];
  const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-validate-'));
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (extra: string): string => {
    const file = join(dir, 'lakewarden.yaml');
    writeFileSync(
      file,
      `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\n${extra}`,
    );
    return file;
  };

  it('prints the resolved paths of a valid configuration', async () => {
    const file = write('store:\n  sqlitePath: lw.db\n');
    expect(await runCli(['--config', file, 'config', 'validate'], output)).toBe(0);
    expect(out).toEqual([
      `${file}: valid`,
      expect.stringMatching(new RegExp(`^  rules: +${join(ROOT, 'rules')} \\(\\d+ rules, \\d+ enabled\\)$`)),
      `  templates: ${join(ROOT, 'templates')}`,
      '  prices:    list',
      `  store:     SQLite ${join(dir, 'lw.db')}`,
    ]);
  });

  it('reads the effective-price file relative to the configuration and names a bad row', async () => {
    writeFileSync(join(dir, 'prices.csv'), 'sku_name,usd_per_dbu\nPREMIUM_SQL_PRO_COMPUTE,0.44\n');
    const good = write(
      'savings:\n  negotiatedPrices:\n    discounts: { JOBS: 0.2 }\n    effectivePriceFile: prices.csv\n',
    );
    expect(await runCli(['--config', good, 'config', 'validate'], output)).toBe(0);
    expect(out).toContain(
      '  prices:    list and negotiated (effective-price file prices.csv: 1 SKU prices, 1 group discounts)',
    );
    writeFileSync(join(dir, 'prices.csv'), 'sku_name,usd_per_dbu\nPREMIUM_SQL_PRO_COMPUTE,44%\n');
    expect(await runCli(['--config', good, 'config', 'validate'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/effectivePriceFile: .*prices\.csv:2: usd_per_dbu: a number/);
    const percent = write('savings:\n  negotiatedPrices:\n    discounts: { SQL_PRO: 25 }\n');
    expect(await runCli(['--config', percent, 'config', 'validate'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/savings\.negotiatedPrices\.discounts\.SQL_PRO: a discount is a fraction below 1/);
  });

  it('rejects an unknown rule id (with a suggestion) and an undeclared param, exit 2', async () => {
    const file = write(
      '  overrides:\n    cluster-idle-runing: {}\n    cluster-idle-running:\n      params:\n        foo: 1\n',
    );
    expect(await runCli(['--config', file, 'config', 'validate'], output)).toBe(2);
    const message = err.join('\n');
    expect(message).toMatch(
      /rules\.overrides\.cluster-idle-runing: no rule with this id .*did you mean "cluster-idle-running"/,
    );
    expect(message).toMatch(
      /rules\.overrides\.cluster-idle-running\.params\.foo: the rule does not declare this param/,
    );
    expect(message).not.toMatch(/rules\.overrides\.cluster-idle-running: no rule/);
    // scan refuses the same configuration with the same problems.
    err = [];
    const scan = await runCli(
      ['--config', file, 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json')],
      output,
    );
    expect(scan).toBe(2);
    expect(err.join('\n')).toMatch(/rules\.overrides\.cluster-idle-runing: no rule with this id/);
  });

  it('reports an unreadable rules folder with its resolved path', async () => {
    const file = join(dir, 'lakewarden.yaml');
    writeFileSync(file, 'rules:\n  directory: nowhere\n');
    expect(await runCli(['--config', file, 'config', 'validate'], output)).toBe(2);
    expect(err.join('\n')).toContain(`${join(dir, 'nowhere')}: cannot read rules folder`);
  });
});

describe('the JSON Schema for editors is as strict as config validate', () => {
  it('rejects a misspelled nested key and accepts the bundled example', async () => {
    const { Ajv } = await import('ajv');
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { configJsonSchemaText } = await import('../../../src/commands/schema-commands.ts');
    const schema = JSON.parse(configJsonSchemaText()) as Record<string, unknown>;
    delete schema.$schema;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ jira: { projectKye: 'FIN' } })).toBe(false);
    expect(validate({ jira: { statuses: { aproved: 'Approved' } } })).toBe(false);
    expect(validate({ routing: { teams: { payments: { asignee: 'a@example.com' } } } })).toBe(false);
    const example = parse(readFileSync(new URL('../../../examples/lakewarden.yaml', import.meta.url), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });
});
