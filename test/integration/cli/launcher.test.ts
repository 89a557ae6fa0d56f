import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};
// A compile cache of this test's own, so the runs below do not share the machine's default one.
const cacheDir = mkdtempSync(join(tmpdir(), 'lw-launcher-cache-'));
const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir };
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('bin/lakewarden.mjs (the source-tree launcher of the npm scripts)', () => {
  it('is what `npm run lakewarden` and `npm run demo` run', () => {
    expect(pkg.scripts.lakewarden).toBe('node bin/lakewarden.mjs');
    expect(pkg.scripts.demo).toMatch(/^node bin\/lakewarden\.mjs /);
  });

  it('runs the CLI from source with its arguments and exit code', () => {
    const version = spawnSync(process.execPath, ['bin/lakewarden.mjs', '--version'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const unknown = spawnSync(process.execPath, ['bin/lakewarden.mjs', 'no-such-command'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/no-such-command/);
  });

  it.each([['bin/lakewarden.mjs'], ['src/cli.ts']])(
    '%s ends quietly (exit 0, no EPIPE) when its stdout reader goes away',
    (script) => {
      // `true` exits without reading, long before the CLI writes its help: every write then meets a closed pipe.
      const run = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" ${script} --help | true; echo "exit=\${PIPESTATUS[0]}" >&2`],
        {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        },
      );
      expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(run.stderr).toMatch(/exit=0/);
    },
  );
});
