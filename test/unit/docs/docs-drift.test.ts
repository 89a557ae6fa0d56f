import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/commands/program.ts';
import { Env } from '../../../src/config/env.ts';
import { renderConfigReference } from '../../../src/config/render-config-reference.ts';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('documentation stays true', () => {
  it('docs/configuration.md lists every configuration key (regenerate with scripts/generate-config-docs.ts)', () => {
    const doc = read('docs/configuration.md');
    const block = doc
      .slice(doc.indexOf('<!-- config-reference:start -->') + 31, doc.indexOf('<!-- config-reference:end -->'))
      .trim();
    expect(block).toBe(renderConfigReference());
  });

  it('the README environment table names every environment variable lakewarden reads', () => {
    const readme = read('README.md');
    for (const name of Object.keys(Env.shape)) expect(readme, name).toContain(`\`${name}\``);
  });

  it('every `lakewarden …` command written in the README and docs exists in the CLI', () => {
    const program = buildProgram({ out: () => {}, err: () => {} }, () => {});
    const known = new Set<string>();
    const walk = (command: Command, prefix: string) => {
      for (const sub of command.commands) {
        const name = `${prefix}${sub.name()}`;
        known.add(name);
        walk(sub, `${name} `);
      }
    };
    walk(program, '');
    const docs = readdirSync(new URL('../../../docs/', import.meta.url), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`);
    const texts = ['README.md', 'examples/README.md', ...docs]
      .filter((f) => existsSync(new URL(`../../../${f}`, import.meta.url)))
      .map(read)
      .join('\n');
    const mentioned = [...texts.matchAll(/`(?:npx )?lakewarden ((?:[a-z]+)(?: [a-z]+)?)/g)].map((m) => m[1] ?? '');
    expect(mentioned.length).toBeGreaterThan(5);
    for (const command of mentioned) {
      const [first] = command.split(' ');
      const ok = known.has(command) || (first !== undefined && known.has(first) && !hasSubcommands(program, first));
      expect(ok, `README/docs mention \`lakewarden ${command}\`, which the CLI does not have`).toBe(true);
    }
  });
});

function hasSubcommands(program: Command, name: string): boolean {
  return (program.commands.find((c) => c.name() === name)?.commands.length ?? 0) > 0;
}
