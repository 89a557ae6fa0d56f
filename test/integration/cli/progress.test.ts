import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { createTerminalProgress } from '../../../src/commands/terminal-progress.ts';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { loadSnapshot } from '../../../src/snapshot/load-snapshot.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'examples/sample-account.json');

/** A stream that says it is a terminal, recording what is drawn on it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  Object.assign(stream, { isTTY, columns: 120, rows: 40 });
  const chunks: string[] = [];
  stream.on('data', (chunk) => chunks.push(String(chunk)));
  return { stream, text: () => chunks.join('') };
}

describe('progress display', () => {
  it('draws counts, rate and ETA for evaluate on a TTY', async () => {
    const terminal = fakeTerminal(true);
    const progress = createTerminalProgress(terminal.stream);
    expect(progress).toBeDefined();
    const rules = await loadRules(join(ROOT, 'rules'), RulesSection.parse({}));
    const snapshot = await loadSnapshot(SAMPLE);
    evaluateSnapshot(snapshot, rules, progress);
    await new Promise((resolve) => setImmediate(resolve));
    const drawn = terminal.text();
    const final = [...drawn.matchAll(/evaluate \[=+\] ([\d,]+)\/([\d,]+) · [\d,]+\/s · ETA 0s/g)];
    expect(final.length).toBeGreaterThan(0);
    expect(final.at(-1)?.[1]).toBe(final.at(-1)?.[2]);
    expect(Number(final.at(-1)?.[2]?.replaceAll(',', ''))).toBe(snapshot.resources.length);
  });

  it('shows steps and the current step when the total is unknown (live collection)', () => {
    const terminal = fakeTerminal(true);
    const progress = createTerminalProgress(terminal.stream);
    progress?.start('collect', undefined);
    progress?.advance(1, 'workspace 1: reading REST inventory');
    progress?.finish();
    expect(terminal.text()).toMatch(/collect · 1 steps · \d+s · workspace 1: reading REST inventory/);
  });

  it('is silent when stderr is not a TTY', () => {
    expect(createTerminalProgress(fakeTerminal(false).stream)).toBeUndefined();
  });

  describe('lakewarden scan off a TTY', () => {
    let dir: string;
    const written: string[] = [];
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'lw-progress-'));
      // Whatever runs the tests, stderr is not a terminal here.
      Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true, writable: true });
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    });
    afterEach(() => {
      vi.restoreAllMocks();
      Reflect.deleteProperty(process.stderr, 'isTTY');
      rmSync(dir, { recursive: true, force: true });
    });

    it('draws no progress on stderr', async () => {
      const file = join(dir, 'lakewarden.yaml');
      writeFileSync(
        file,
        `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\n`,
      );
      const out: string[] = [];
      const output = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      expect(await runCli(['--config', file, 'scan', '--snapshot', SAMPLE], output)).toBe(0);
      expect(out.join('\n')).toMatch(/^dry run: \d+ findings/m);
      const drawn = written.join('');
      expect(drawn).not.toMatch(/evaluate|sync: |ETA/);
      expect(drawn).not.toContain(String.fromCharCode(27)); // no terminal escape sequence
    });
  });
});
