import { resolve } from 'node:path';
import type { Output } from '../../commands/output.ts';
import type { AiSection } from '../../config/ai-section.ts';
import { ConfigError, LakewardenError } from '../../errors.ts';
import type { AiLogger } from '../ai-logger.ts';
import type { AiServices } from '../create-ai-services.ts';
import { formatEvalTable } from './format-eval-table.ts';
import { loadEvalCases } from './load-eval-cases.ts';
import { runEval } from './run-eval.ts';

export interface AiEvalCommandOptions {
  /** Repository root (snapshot paths in cases are relative to it). */
  root: string;
  casesDir: string;
  recordingsDir: string;
  rulesDir: string;
  /** Record mode: call the live model (needs `services`) and rewrite eval/recordings. */
  record: boolean;
  /** Ask the judge model (needs `services.judge`, i.e. `ai.judgeModel`). */
  judge: boolean;
  json: boolean;
  /** Lowest acceptable score per case, 0–1 (default 1: every check must pass). */
  minScore: number;
  /** The `ai:` section (settings used for minimizing and answering). */
  config: AiSection;
  /** Live AI services; undefined when AI is off (replay needs none). */
  services: AiServices | undefined;
  now: () => Date;
  logger: AiLogger;
}

/**
 * `lakewarden ai eval [--record] [--judge] [--json] [--min-score <0-1>]`: runs eval/cases/*.yaml through
 * the analysis and answer code against recorded model responses (default; what CI runs, no network) or
 * the live model (`--record`, rewrites eval/recordings/*.json), prints the score table and fails when a
 * case scores below `minScore`.
 *
 * @throws ConfigError when --record or --judge is asked without the needed AI configuration (exit 2);
 *   LakewardenError when a case scores below `minScore` (exit 1).
 */
export async function aiEvalCommand(options: AiEvalCommandOptions, output: Output): Promise<void> {
  if (options.record && options.services === undefined)
    throw new ConfigError(
      'ai eval --record calls the live model: set ai.enabled: true and GOOGLE_CLOUD_PROJECT/LOCATION',
    );
  if (options.judge && options.services?.judge === undefined)
    throw new ConfigError('ai eval --judge needs ai.enabled: true and ai.judgeModel in lakewarden.yaml');
  const cases = await loadEvalCases(resolve(options.root, options.casesDir));
  const results = await runEval({
    cases,
    root: options.root,
    rulesDir: resolve(options.root, options.rulesDir),
    recordingsDir: resolve(options.root, options.recordingsDir),
    mode:
      options.record && options.services !== undefined
        ? { kind: 'record', model: options.services.model, now: options.now }
        : { kind: 'replay' },
    judge: options.judge ? options.services?.judge : undefined,
    settings: {
      hashIdentifiers: options.config.hashIdentifiers,
      maxToolCalls: options.config.maxToolCalls,
      maxAnswerMs: options.config.maxAnswerMs,
    },
    logger: options.logger,
  });
  output.out(options.json ? JSON.stringify(results, null, 2) : formatEvalTable(results));
  const failing = results.filter((r) => r.error !== undefined || r.score < options.minScore);
  if (failing.length > 0)
    throw new LakewardenError(
      `ai eval: ${failing.length} of ${results.length} case(s) below score ${options.minScore}: ${failing.map((r) => r.id).join(', ')}`,
    );
}
