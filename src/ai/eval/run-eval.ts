import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adfToText } from '../../document/adf-to-text.ts';
import type { Finding } from '../../findings/finding.ts';
import { type AiLogger, failureReason } from '../../logging/ai-logger.ts';
import { Analysis, analysisText } from '../analysis.ts';
import { analyzeFinding } from '../analyze-finding.ts';
import { answerQuestion } from '../answer-question.ts';
import { createIdentifierTokens } from '../identifier-tokens.ts';
import type { LanguageModel } from '../language-model.ts';
import { minimizeFinding } from '../minimize-finding.ts';
import type { EvalCase } from './eval-case.ts';
import { groundingChecks } from './grounding.ts';
import { type JudgeVerdict, judgeOutput } from './judge.ts';
import { createRecordedLanguageModel, type RecordedLanguageModel } from './recorded-language-model.ts';
import { Recording, type RecordingSource } from './recording.ts';
import { createRecordingLanguageModel, type RecordingLanguageModel } from './recording-language-model.ts';
import { resolveCaseFinding } from './resolve-case-finding.ts';
import { type CheckResult, scoreCase, scoreOf } from './score-case.ts';

/** Which specialised agent a case exercises: the analysis writer, or the cost / reliability ask agent. */
export type EvalAgent = 'analysis' | 'cost' | 'reliability';

/** Whether a case's recording was written by hand (`authored`) or recorded from a model with `--record`. */
export type RecordingOrigin = 'authored' | 'recorded';

export interface CaseResult {
  id: string;
  kind: 'analysis' | 'ask';
  agent: EvalAgent;
  origin: RecordingOrigin;
  /** Whether an analysis / answer was produced (a dropped or failed one scores 0). */
  produced: boolean;
  checks: CheckResult[];
  /** 0–1 share of passed checks (0 when nothing was produced). */
  score: number;
  /** The deterministic judge's checks of the model's own final text (grounding.ts). */
  groundingChecks: CheckResult[];
  /** 0–1 share of passed grounding checks (0 when the model gave no text). */
  grounded: number;
  judge: JudgeVerdict | undefined;
  error: string | undefined;
}

export interface RunEvalOptions {
  cases: readonly EvalCase[];
  /** Repository root: snapshot paths in cases are relative to it. */
  root: string;
  rulesDir: string;
  recordingsDir: string;
  /**
   * `replay` serves eval/recordings by prompt hash (CI); `record` calls `model` and rewrites the recordings;
   * `rehash` serves authored recordings in order and rewrites their prompt hashes (after a deliberate prompt,
   * minimizer or rule change; recorded ones are left alone and must be re-recorded).
   */
  mode:
    | { kind: 'replay' }
    | { kind: 'rehash' }
    | { kind: 'record'; model: LanguageModel; provider: RecordingSource; now: () => Date };
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
      const base = {
        id: evalCase.id,
        kind,
        agent: kind === 'analysis' ? 'analysis' : 'cost',
        origin: 'authored',
      } as const;
      results.push(notProduced(base, failureReason(error)));
    }
  }
  return results;
}

/** The result of a case that produced no output: scores 0, with the error that stopped it, if any. */
function notProduced(
  base: Pick<CaseResult, 'id' | 'kind' | 'agent' | 'origin'>,
  error: string | undefined,
): CaseResult {
  return { ...base, produced: false, checks: [], score: 0, groundingChecks: [], grounded: 0, judge: undefined, error };
}

async function runCase(evalCase: EvalCase, kind: 'analysis' | 'ask', options: RunEvalOptions): Promise<CaseResult> {
  const recordingPath = join(options.recordingsDir, `${evalCase.id}.json`);
  const { finding, snapshot, findings } = await resolveCaseFinding(evalCase, options.root, options.rulesDir);
  const agent: EvalAgent =
    kind === 'analysis' ? 'analysis' : finding.category === 'reliability' ? 'reliability' : 'cost';
  let recorder: RecordingLanguageModel | undefined;
  let replay: RecordedLanguageModel | undefined;
  if (options.mode.kind === 'record') recorder = createRecordingLanguageModel(options.mode.model);
  let origin: RecordingOrigin = 'recorded';
  let recording: Recording | undefined;
  if (options.mode.kind !== 'record') {
    try {
      recording = Recording.parse(JSON.parse(await readFile(recordingPath, 'utf8')));
    } catch (error) {
      const base = { id: evalCase.id, kind, agent, origin: 'authored' } as const;
      return notProduced(base, `no valid recording ${evalCase.id}.json: ${failureReason(error)}`);
    }
    origin = recording.source === 'authored' ? 'authored' : 'recorded';
    replay = createRecordedLanguageModel(recording, {
      inOrder: options.mode.kind === 'rehash' && recording.source === 'authored',
    });
  }
  const model: RecordingLanguageModel | RecordedLanguageModel = recorder ?? (replay as RecordedLanguageModel);
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
      source: options.mode.provider,
      recordedAt: options.mode.now().toISOString(),
      exchanges: recorder.exchanges,
    };
    await writeFile(recordingPath, `${JSON.stringify(recording, null, 2)}\n`);
  }
  if (options.mode.kind === 'rehash' && recording?.source === 'authored' && replay !== undefined) {
    const hashes = replay.hashes;
    const rehashed: Recording = {
      ...recording,
      exchanges: recording.exchanges.map((e, i) => ({ ...e, promptSha256: hashes[i] ?? e.promptSha256 })),
    };
    await writeFile(recordingPath, `${JSON.stringify(rehashed, null, 2)}\n`);
  }
  const base = { id: evalCase.id, kind, agent, origin } as const;
  const missed = replay?.misses[0];
  if (missed !== undefined) return notProduced(base, missed);
  const exchanged = [...model.requests, ...model.responses];
  const tokens = createIdentifierTokens();
  const minimized = minimizeFinding(finding, { hashIdentifiers, tokens });
  const modelText = lastModelText(kind, model.responses);
  const grounding =
    modelText === undefined
      ? []
      : groundingChecks({
          text: modelText,
          finding: minimized,
          toolResults: toolResultsOf(model.requests.at(-1)),
          exchanged,
          hidden: hiddenValues(finding),
        });
  const grounded = modelText === undefined ? 0 : scoreOf(grounding);
  if (output === undefined || modelText === undefined)
    return { ...notProduced(base, undefined), groundingChecks: grounding, grounded };
  const checks = scoreCase(evalCase.expect, output, exchanged);
  // The judge model gets the model's own text (identifier tokens), never the rendered output with names restored.
  const judge =
    options.judge === undefined
      ? undefined
      : await judgeOutput(options.judge, { finding: minimized, question: evalCase.question, output: modelText });
  return {
    ...base,
    produced: true,
    checks,
    score: scoreOf(checks),
    groundingChecks: grounding,
    grounded,
    judge,
    error: undefined,
  };
}

/**
 * The model's last non-empty text (the answer, or the analysis JSON's sentences), identifier tokens not restored;
 * undefined when the model produced no text at all. This is what the deterministic judge checks and the judge
 * model grades.
 */
function lastModelText(kind: 'analysis' | 'ask', responses: readonly string[]): string | undefined {
  const last = responses
    .map((r) => JSON.parse(r) as { text: string | null })
    .filter((r) => typeof r.text === 'string' && r.text.trim() !== '')
    .at(-1);
  if (last?.text == null) return undefined;
  if (kind === 'ask') return last.text;
  const parsed = Analysis.safeParse(parseJson(last.text));
  return parsed.success ? analysisText(parsed.data) : last.text;
}

/** Every function result carried by a request (the tool outputs the model had read when it answered). */
function toolResultsOf(request: string | undefined): unknown[] {
  if (request === undefined) return [];
  const parsed = JSON.parse(request) as {
    messages?: Array<{ parts?: Array<{ functionResponse?: { response: unknown } }> }>;
  };
  return (parsed.messages ?? []).flatMap((m) =>
    (m.parts ?? []).flatMap((p) => (p.functionResponse === undefined ? [] : [p.functionResponse.response])),
  );
}

/** The Class B values of a finding (name, owners, tag values) that must never reach a model. */
function hiddenValues(finding: Finding): string[] {
  return [
    finding.resource.name,
    ...Object.values(finding.resource.owners),
    ...Object.values(finding.resource.tags),
  ].filter((v): v is string => typeof v === 'string' && v !== finding.resource.id);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
