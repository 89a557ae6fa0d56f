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
  it('scores every case in eval/cases, grounded, per agent and recording origin, and prints the score table', async () => {
    const { out, output } = captureOutput();
    await aiEvalCommand(options(ROOT), output);
    const table = out.join('\n');
    for (const [id, agent] of [
      ['cluster-idle-analysis', 'analysis'],
      ['cluster-idle-ask-cost', 'cost'],
      ['cluster-memory-ask-reliability', 'reliability'],
      ['warehouse-inline-analysis', 'analysis'],
    ])
      expect(table).toMatch(new RegExp(`${id}\\s+${agent}\\s+authored\\s+yes\\s+\\d+/\\d+\\s+100%\\s+100%`));
    // The negative case: verification drops the invented figure and the deterministic judge marks it.
    expect(table).toMatch(
      /cluster-idle-ask-invented-figure\s+cost\s+authored\s+no\s+0\/0\s+0%\s+75%.*figure \$4,870.00 is in the evidence/,
    );
    expect(table).toContain('analysis (authored): mean score 100%, grounded 100% over 2 cases');
    expect(table).toContain('recorded: none yet');
  });

  it("fails when a case's grounded score drops: an answer with an invented figure in a case that expects it answered", async () => {
    const dir = await copyEval();
    const path = join(dir, 'eval/cases/cluster-idle-ask-invented-figure.yaml');
    await writeFile(
      path,
      (await readFile(path, 'utf8'))
        .replace('produced: false', 'produced: true')
        .replace('minGrounded: 0', 'minGrounded: 1'),
    );
    const { output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 5 case\(s\) failed.*cluster-idle-ask-invented-figure/,
    );
  });

  it('--rehash rewrites the prompt hashes of authored recordings after a deliberate prompt change', async () => {
    const dir = await copyEval();
    const path = join(dir, 'eval/recordings/cluster-idle-analysis.json');
    const recording = JSON.parse(await readFile(path, 'utf8')) as { exchanges: Array<{ promptSha256: string }> };
    const original = recording.exchanges.map((e) => e.promptSha256);
    for (const e of recording.exchanges) e.promptSha256 = '0'.repeat(64);
    await writeFile(path, JSON.stringify(recording));
    const { output } = captureOutput();
    await aiEvalCommand(options(dir, { rehash: true }), output);
    const rewritten = JSON.parse(await readFile(path, 'utf8')) as { exchanges: Array<{ promptSha256: string }> };
    expect(rewritten.exchanges.map((e) => e.promptSha256)).toEqual(original);
    await aiEvalCommand(options(dir), captureOutput().output);
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
      /1 of 5 case\(s\) failed.*warehouse-inline-analysis/,
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
