import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adfToText } from '../adf-to-text.ts';
import { type AiLogger, failureReason } from '../ai-logger.ts';
import { analyzeFinding } from '../analyze-finding.ts';
import { answerQuestion } from '../answer-question.ts';
import { createIdentifierTokens } from '../identifier-tokens.ts';
import type { LanguageModel } from '../language-model.ts';
import { minimizeFinding } from '../minimize-finding.ts';
import type { EvalCase } from './eval-case.ts';
import { type JudgeVerdict, judgeOutput } from './judge.ts';
import { createRecordedLanguageModel, type RecordedLanguageModel } from './recorded-language-model.ts';
import { Recording } from './recording.ts';
import { createRecordingLanguageModel, type RecordingLanguageModel } from './recording-language-model.ts';
import { resolveCaseFinding } from './resolve-case-finding.ts';
import { type CheckResult, scoreCase, scoreOf } from './score-case.ts';

export interface CaseResult {
  id: string;
  kind: 'analysis' | 'ask';
  /** Whether an analysis / answer was produced (a dropped or failed one scores 0). */
  produced: boolean;
  checks: CheckResult[];
  /** 0–1 share of passed checks (0 when nothing was produced). */
  score: number;
  judge: JudgeVerdict | undefined;
  error: string | undefined;
}

export interface RunEvalOptions {
  cases: readonly EvalCase[];
  /** Repository root: snapshot paths in cases are relative to it. */
  root: string;
  rulesDir: string;
  recordingsDir: string;
  /** `replay` serves eval/recordings (CI); `record` calls `model` and rewrites the recordings. */
  mode: { kind: 'replay' } | { kind: 'record'; model: LanguageModel; now: () => Date };
  judge: LanguageModel | undefined;
  settings: { hashIdentifiers: boolean; maxToolCalls: number; maxAnswerMs: number };
  logger: AiLogger;
}

/**
 * Runs every eval case through the real analysis / answer code with a recorded (replay) or recording
 * (record) model, scores it (score-case.ts) and, when a judge is given, asks it for accuracy and
 * helpfulness. A case that throws (missing recording, bad snapshot) is reported with its error.
 */
export async function runEval(options: RunEvalOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const evalCase of options.cases) {
    const kind = evalCase.question === undefined ? 'analysis' : 'ask';
    try {
      results.push(await runCase(evalCase, kind, options));
    } catch (error) {
      results.push({
        id: evalCase.id,
        kind,
        produced: false,
        checks: [],
        score: 0,
        judge: undefined,
        error: failureReason(error),
      });
    }
  }
  return results;
}

async function runCase(evalCase: EvalCase, kind: 'analysis' | 'ask', options: RunEvalOptions): Promise<CaseResult> {
  const recordingPath = join(options.recordingsDir, `${evalCase.id}.json`);
  let recorder: RecordingLanguageModel | undefined;
  let replay: RecordedLanguageModel | undefined;
  if (options.mode.kind === 'record') recorder = createRecordingLanguageModel(options.mode.model);
  else replay = createRecordedLanguageModel(Recording.parse(JSON.parse(await readFile(recordingPath, 'utf8'))));
  const model: RecordingLanguageModel | RecordedLanguageModel = recorder ?? (replay as RecordedLanguageModel);
  const { finding, snapshot, findings } = await resolveCaseFinding(evalCase, options.root, options.rulesDir);
  const { hashIdentifiers } = options.settings;
  let output: string | undefined;
  if (evalCase.question === undefined) {
    const section = await analyzeFinding(finding, { model, hashIdentifiers, logger: options.logger });
    output = section === undefined ? undefined : adfToText({ type: 'doc', content: section });
  } else {
    let clock = 0;
    const answer = await answerQuestion(evalCase.question, {
      model,
      context: { finding, snapshot, findings, hashIdentifiers, tokens: createIdentifierTokens() },
      maxToolCalls: options.settings.maxToolCalls,
      maxAnswerMs: options.settings.maxAnswerMs,
      nowMs: () => clock++,
      logger: options.logger,
    });
    output = answer.ok ? adfToText(answer.answer.adf) : undefined;
  }
  if (options.mode.kind === 'record' && recorder !== undefined) {
    const recording: Recording = {
      caseId: evalCase.id,
      model: model.model,
      source: 'vertex',
      recordedAt: options.mode.now().toISOString(),
      exchanges: recorder.exchanges,
    };
    await writeFile(recordingPath, `${JSON.stringify(recording, null, 2)}\n`);
  }
  const missed = replay?.misses[0];
  if (missed !== undefined)
    return { id: evalCase.id, kind, produced: false, checks: [], score: 0, judge: undefined, error: missed };
  const exchanged = [...model.requests, ...model.responses];
  if (output === undefined)
    return { id: evalCase.id, kind, produced: false, checks: [], score: 0, judge: undefined, error: undefined };
  const checks = scoreCase(evalCase.expect, output, exchanged);
  const judge =
    options.judge === undefined
      ? undefined
      : await judgeOutput(options.judge, {
          finding: minimizeFinding(finding, { hashIdentifiers, tokens: createIdentifierTokens() }),
          question: evalCase.question,
          output,
        });
  return { id: evalCase.id, kind, produced: true, checks, score: scoreOf(checks), judge, error: undefined };
}
