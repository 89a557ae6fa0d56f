import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiEvalCommand } from '../../../src/ai/eval/ai-eval-command.ts';
import { AiSection } from '../../../src/config/ai-section.ts';
import { createMemoryLogger } from '../../support/fake-vertex-ai.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function options(root: string, overrides: Partial<Parameters<typeof aiEvalCommand>[0]> = {}) {
  return {
    root,
    casesDir: 'eval/cases',
    recordingsDir: 'eval/recordings',
    rulesDir: resolve(ROOT, 'rules'),
    record: false,
    judge: false,
    json: false,
    minScore: 1,
    config: AiSection.parse({}),
    services: undefined,
    now: () => new Date('2026-11-22T00:00:00Z'),
    logger: createMemoryLogger(),
    ...overrides,
  };
}

function captureOutput() {
  const out: string[] = [];
  return { out, output: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
}

/** A copy of eval/ (cases, recordings, snapshots) in a temp folder, so a test can alter cases or recordings. */
async function copyEval(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-eval-'));
  await cp(join(ROOT, 'eval'), join(dir, 'eval'), { recursive: true });
  return dir;
}

describe('lakewarden ai eval (replaying eval/recordings, no network)', () => {
  it('scores every case in eval/cases at 100% and prints the score table', async () => {
    const { out, output } = captureOutput();
    await aiEvalCommand(options(ROOT), output);
    const table = out.join('\n');
    for (const id of [
      'cluster-idle-analysis',
      'cluster-idle-ask-cost',
      'cluster-memory-ask-reliability',
      'warehouse-inline-analysis',
    ])
      expect(table).toMatch(new RegExp(`${id}\\s+(analysis|ask)\\s+yes\\s+\\d+/\\d+\\s+100%`));
    expect(table).toContain('mean score 100% over 4 cases');
  });

  it('fails a case whose expectation the recorded output does not meet', async () => {
    const dir = await copyEval();
    const path = join(dir, 'eval/cases/warehouse-inline-analysis.yaml');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('mustMention: [auto-stop, cold start]', 'mustMention: [photon]'),
    );
    const { out, output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 4 case\(s\) below score 1: warehouse-inline-analysis/,
    );
    expect(out.join('\n')).toContain('mentions "photon"');
  });

  it('reports prompt drift: a recording that no longer matches the prompt fails the case', async () => {
    const dir = await copyEval();
    const path = join(dir, 'eval/recordings/cluster-idle-analysis.json');
    const recording = JSON.parse(await readFile(path, 'utf8')) as { exchanges: Array<{ promptSha256: string }> };
    for (const e of recording.exchanges) e.promptSha256 = '0'.repeat(64);
    await writeFile(path, JSON.stringify(recording));
    const { out, output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(/cluster-idle-analysis/);
    expect(out.join('\n')).toContain('re-record with `lakewarden ai eval --record`');
  });

  it('refuses --record and --judge without AI configured', async () => {
    const { output } = captureOutput();
    await expect(aiEvalCommand(options(ROOT, { record: true }), output)).rejects.toThrow(/ai.enabled/);
    await expect(aiEvalCommand(options(ROOT, { judge: true }), output)).rejects.toThrow(/ai.judgeModel/);
  });
});
