import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The import layers of docs/architecture.md, checked on every relative import (type-only imports included):
 * ground ← config ← core ← use cases ← adapters ← root. An arrow may point to its own layer or one below,
 * except that an adapter never imports a use case (adapters implement ports, which live in the core), and no
 * two top-level folders import each other.
 */

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

const LAYERS = {
  ground: ['errors.ts', 'version.ts', 'logging', 'stats', 'json', 'retry'],
  config: ['config'],
  core: ['snapshot', 'findings', 'rules', 'routing', 'remediation', 'document', 'records', 'tracker', 'intake'],
  useCase: ['tickets', 'approvals', 'savings', 'scan', 'reporting', 'bootstrap'],
  adapter: ['databricks', 'jira', 'jira-datacenter', 'store', 'ai', 'server', 'scheduler'],
  root: ['main.ts', 'cli.ts', 'node-version-guard.ts', 'service', 'commands', 'enable-compile-cache.ts'],
} as const;
type Layer = keyof typeof LAYERS;
const ORDER: readonly Layer[] = ['ground', 'config', 'core', 'useCase', 'adapter', 'root'];

function topOf(path: string): string {
  return path.split('/')[0] ?? path;
}

function layerOf(top: string): Layer | undefined {
  return ORDER.find((layer) => (LAYERS[layer] as readonly string[]).includes(top));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Every relative import between two different top-level entries of src/, as paths relative to src/. */
function importArrows(): Array<{ from: string; to: string }> {
  const arrows: Array<{ from: string; to: string }> = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      const to = relative(SRC, resolve(dirname(file), spec));
      if (topOf(from) !== topOf(to)) arrows.push({ from, to });
    }
  }
  return arrows;
}

/** Why an arrow breaks the layers, or undefined when it is allowed. */
function violation(arrow: { from: string; to: string }, pairs: ReadonlySet<string>): string | undefined {
  const a = layerOf(topOf(arrow.from));
  const b = layerOf(topOf(arrow.to));
  if (a === undefined || b === undefined) return 'folder in no layer (add it to LAYERS and docs/architecture.md)';
  if (ORDER.indexOf(b) > ORDER.indexOf(a)) return `points up (${a} → ${b})`;
  if (a === 'adapter' && b === 'useCase') return 'an adapter imports a use case (ports live in the core)';
  if (pairs.has(`${topOf(arrow.to)}>${topOf(arrow.from)}`)) return 'the two folders import each other';
  return undefined;
}

describe('import layers (docs/architecture.md)', () => {
  const arrows = importArrows();
  const pairs = new Set(arrows.map((a) => `${topOf(a.from)}>${topOf(a.to)}`));

  it('finds the imports it checks', () => {
    expect(arrows.length).toBeGreaterThan(500);
    expect(arrows).toContainEqual({ from: 'tickets/build-draft.ts', to: 'json/canonical-json.ts' });
    expect(arrows).toContainEqual({ from: 'cli.ts', to: 'node-version-guard.ts' });
  });

  it('has no arrow against the layers', () => {
    const broken = arrows.flatMap((arrow) => {
      const why = violation(arrow, pairs);
      return why === undefined ? [] : [`${arrow.from} → ${arrow.to}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it('flags an upward arrow, an adapter importing a use case and a mutual pair', () => {
    const none = new Set<string>();
    expect(violation({ from: 'config/x.ts', to: 'snapshot/y.ts' }, none)).toMatch(/points up/);
    expect(violation({ from: 'jira/x.ts', to: 'tickets/y.ts' }, none)).toMatch(/adapter imports a use case/);
    expect(violation({ from: 'rules/x.ts', to: 'remediation/y.ts' }, new Set(['remediation>rules']))).toMatch(
      /each other/,
    );
    expect(violation({ from: 'scan/x.ts', to: 'tickets/y.ts' }, none)).toBeUndefined();
    expect(violation({ from: 'newfolder/x.ts', to: 'errors.ts' }, none)).toMatch(/no layer/);
  });
});
