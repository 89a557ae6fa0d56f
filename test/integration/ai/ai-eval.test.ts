import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiEvalCommand } from '../../../src/commands/ai-eval-command.ts';
import {
  captureOutput,
  copyEval,
  evalOptions as options,
  REPO_ROOT as ROOT,
  replaceInRecording,
} from '../../support/ai-eval-harness.ts';

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
      ['warehouse-oversized-ask-cost', 'cost'],
      ['job-repeated-failures-ask-reliability', 'reliability'],
    ])
      expect(table).toMatch(
        new RegExp(`${id}\\s+${agent}\\s+authored\\s+pass\\s+yes\\s+\\d+/\\d+\\s+100%\\s+100%.*ok`),
      );
    // Negative cases: the judge fails each for its stated reason, which is what they expect.
    expect(table).toMatch(
      /cluster-idle-ask-invented-figure\s+cost\s+authored\s+fail\s+no\s+0\/0\s+0%\s+75%.*\bok\s+figure \$4,870.00 is in the evidence/,
    );
    expect(table).toMatch(
      /job-repeated-failures-ask-leaked-name\s+reliability\s+authored\s+fail\s+yes.*\bok\s+hidden identifier leaked: forecast-daily/,
    );
    expect(table).toMatch(
      /cluster-no-auto-termination-analysis-wrong-plan\s+analysis\s+authored\s+fail\s+no.*plan: autotermination_minutes → 30 as planned/,
    );
    expect(table).toMatch(
      /warehouse-oversized-ask-wrong-size\s+cost\s+authored\s+fail\s+no.*size Small is planned or shown/,
    );
    // Negative cases are counted apart, never averaged into an agent's score.
    expect(table).toMatch(/analysis \(authored\): mean score 100%, grounded 100% over \d+ cases/);
    expect(table).toMatch(/cost \(authored\): mean score 100%, grounded 100% over \d+ cases/);
    expect(table).toMatch(/reliability \(authored\): mean score 100%, grounded 100% over \d+ cases/);
    expect(table).toContain('negative cases (the judge must fail them): 5 of 5 failed as expected');
    expect(table).toContain('regressions: none');
    expect(table).toContain('recorded: none yet');
  });

  it('holds at least 20 positive cases over both ask agents and the analysis, each built from a snapshot or a finding', async () => {
    const { out, output } = captureOutput();
    await aiEvalCommand(options(ROOT, { json: true }), output);
    const results = JSON.parse(out.join('\n')) as Array<{ agent: string; outcome: { expected: string; ok: boolean } }>;
    const positive = results.filter((r) => r.outcome.expected === 'pass');
    expect(positive.length).toBeGreaterThanOrEqual(20);
    for (const agent of ['analysis', 'cost', 'reliability'])
      expect(positive.filter((r) => r.agent === agent).length).toBeGreaterThanOrEqual(5);
    expect(results.every((r) => r.outcome.ok)).toBe(true);
  });

  it('exits non-zero when a recording degrades: an invented figure in a positive case drops its grounded score', async () => {
    const dir = await copyEval();
    // The invented figure makes verification drop the answer (nothing posted) and the case a regression.
    await replaceInRecording(dir, 'warehouse-oversized-ask-cost', '$11,194.30', '$12,194.30');
    const { out, output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 28 case\(s\) failed: warehouse-oversized-ask-cost \(no output was produced \(judge: figure \$12,194.30 is in the evidence\)\)/,
    );
    expect(out.join('\n')).toMatch(
      /warehouse-oversized-ask-cost\s+cost\s+authored\s+pass\s+no.*REGRESSION\s+no output was produced/,
    );
  });

  it('exits non-zero when a recording degrades: a wrong planned value is dropped by verification and failed by the judge', async () => {
    const dir = await copyEval();
    // 120 is in the evidence (the rule threshold), so only the plan check sees that the plan says 30.
    await replaceInRecording(dir, 'cluster-no-auto-termination-analysis', 'minutes to 30', 'minutes to 120');
    const { output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 28 case\(s\) failed: cluster-no-auto-termination-analysis \(no output was produced \(judge: plan: autotermination_minutes → 30 as planned\)\)/,
    );
  });

  it('exits non-zero when a negative case stops failing for its stated reason (the leaked name is gone)', async () => {
    const dir = await copyEval();
    await replaceInRecording(dir, 'job-repeated-failures-ask-leaked-name', 'the forecast-daily job', 'the job');
    const { out, output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 28 case\(s\) failed: job-repeated-failures-ask-leaked-name \(the judge did not fail: hidden identifier leaked: forecast-daily\)/,
    );
    expect(out.join('\n')).toContain('negative cases (the judge must fail them): 4 of 5 failed as expected');
  });

  it('rejects a negative case that does not say which judge checks must fail', async () => {
    const dir = await copyEval();
    const path = join(dir, 'eval/cases/cluster-idle-ask-invented-figure.yaml');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('  judgeFails: ["figure $4,870.00 is in the evidence"]\n', ''),
    );
    await expect(aiEvalCommand(options(dir), captureOutput().output)).rejects.toThrow(/expect\.judgeFails/);
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
      /1 of 28 case\(s\) failed: warehouse-inline-analysis \(score below 1: mentions "photon"\)/,
    );
    expect(out.join('\n')).toContain('mentions "photon"');
  });

  it('fails a case without a recording, still under its own agent', async () => {
    const dir = await copyEval();
    await rm(join(dir, 'eval/recordings/job-runtime-drift-ask-reliability.json'));
    const { out, output } = captureOutput();
    await expect(aiEvalCommand(options(dir), output)).rejects.toThrow(
      /1 of 28 case\(s\) failed: job-runtime-drift-ask-reliability \(no valid recording job-runtime-drift-ask-reliability.json: .*ENOENT/,
    );
    expect(out.join('\n')).toMatch(
      /job-runtime-drift-ask-reliability\s+reliability\s+authored\s+pass\s+no.*REGRESSION/,
    );
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
