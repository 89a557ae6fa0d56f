import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIMUM_NODE, nodeVersionProblem } from '../../../src/node-version-guard.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('Node.js version guard of the installed bin', () => {
  it('names the version needed and how to get it for Node < 22.12, and nothing otherwise', () => {
    expect(nodeVersionProblem('20.20.2')).toMatch(/needs Node\.js 22\.12\.0 or newer; this is Node\.js 20\.20\.2/);
    expect(nodeVersionProblem('20.20.2')).toContain('npx -p node@24 -p lakewarden lakewarden <command>');
    expect(nodeVersionProblem('22.11.9')).toBeDefined();
    expect(nodeVersionProblem('22.12.0')).toBeUndefined();
    expect(nodeVersionProblem('24.21.0')).toBeUndefined();
    expect(nodeVersionProblem('100.0.0')).toBeUndefined();
  });

  it('matches engines.node of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(`>=${MINIMUM_NODE.replace(/\.0$/, '')}`).toBe(pkg.engines.node);
  });

  it('is the first module src/cli.ts (dist/cli.js) evaluates', () => {
    const imports = readFileSync(join(ROOT, 'src/cli.ts'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('import '));
    expect(imports[0]).toBe("import './node-version-guard.ts';");
  });
});

// A Node.js older than the minimum on PATH (CI images and this project's machines have the system Node 20).
const oldNode = findOldNode();
const skipReason = oldNode === undefined ? `no Node.js older than ${MINIMUM_NODE} on PATH` : undefined;
const title =
  skipReason === undefined
    ? `on a real old Node.js (${oldNode?.version})`
    : `on a real old Node.js — SKIPPED: ${skipReason}`;

describe.skipIf(skipReason !== undefined)(title, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-node-guard-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with the message before better-sqlite3 is loaded', () => {
    // The guard compiled as the build does (types stripped), then the native module the real bin loads next.
    const guard = readFileSync(join(ROOT, 'src/node-version-guard.ts'), 'utf8');
    writeFileSync(join(dir, 'node-version-guard.mjs'), stripTypeScriptTypes(guard));
    const sqlite = createRequire(join(ROOT, 'package.json')).resolve('better-sqlite3');
    writeFileSync(
      join(dir, 'cli.mjs'),
      `import './node-version-guard.mjs';\nimport Database from ${JSON.stringify(sqlite)};\nnew Database(':memory:');\nconsole.log('loaded');\n`,
    );
    const run = spawnSync(oldNode?.path as string, [join(dir, 'cli.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`needs Node.js ${MINIMUM_NODE} or newer; this is Node.js ${oldNode?.version}`);
    expect(run.stderr).toContain('npx -p node@24 -p lakewarden');
  });
});

function findOldNode(): { path: string; version: string } | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    try {
      const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
      if (nodeVersionProblem(version) !== undefined) return { path, version };
    } catch {
      // not installed there
    }
  }
  return undefined;
}
