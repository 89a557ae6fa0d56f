import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { aiEvalCommand } from '../../src/commands/ai-eval-command.ts';
import { AiSection } from '../../src/config/ai-section.ts';
import { createMemoryLogger } from './fake-vertex-ai.ts';

/** The repository root: eval/ and rules/ live there. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Options of `lakewarden ai eval` as the CLI passes them (replay, AI off), with overrides. */
export function evalOptions(
  root: string,
  overrides: Partial<Parameters<typeof aiEvalCommand>[0]> = {},
): Parameters<typeof aiEvalCommand>[0] {
  return {
    root,
    casesDir: 'eval/cases',
    recordingsDir: 'eval/recordings',
    rulesDir: resolve(REPO_ROOT, 'rules'),
    record: false,
    judge: false,
    json: false,
    minScore: 1,
    config: AiSection.parse({}),
    services: undefined,
    now: () => new Date('2026-12-07T12:00:00Z'),
    logger: createMemoryLogger(),
    ...overrides,
  };
}

/** An Output that keeps what the command printed. */
export function captureOutput() {
  const out: string[] = [];
  return { out, output: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
}

/**
 * A copy of eval/ (cases, recordings, snapshots) in a temp folder, so a test can alter cases or recordings;
 * with `only`, every other case file is removed.
 */
export async function copyEval(only?: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-eval-'));
  await cp(join(REPO_ROOT, 'eval'), join(dir, 'eval'), { recursive: true });
  if (only !== undefined)
    for (const file of await readdir(join(dir, 'eval/cases')))
      if (!only.includes(file.replace(/\.yaml$/, ''))) await rm(join(dir, 'eval/cases', file));
  return dir;
}

/** Replaces `from` with `to` in every response text of one recording of a copied eval/. */
export async function replaceInRecording(dir: string, id: string, from: string, to: string): Promise<void> {
  const path = join(dir, `eval/recordings/${id}.json`);
  const recording = JSON.parse(await readFile(path, 'utf8')) as {
    exchanges: Array<{ response: { text: string | null } }>;
  };
  for (const { response } of recording.exchanges) response.text = response.text?.replace(from, to) ?? null;
  await writeFile(path, JSON.stringify(recording));
}
