import { resolve } from 'node:path';
import type { AiServices } from '../ai/create-ai-services.ts';
import { caseOutcome } from '../ai/eval/case-outcome.ts';
import { formatEvalTable } from '../ai/eval/format-eval-table.ts';
import { loadEvalCases } from '../ai/eval/load-eval-cases.ts';
import { runEval } from '../ai/eval/run-eval.ts';
import type { AiSection } from '../config/ai-section.ts';
import { ConfigError, LakewardenError } from '../errors.ts';
import type { AiLogger } from '../logging/ai-logger.ts';
import type { Output } from './output.ts';

export interface AiEvalCommandOptions {
  /** Repository root (snapshot paths in cases are relative to it). */
  root: string;
  casesDir: string;
  recordingsDir: string;
  rulesDir: string;
  /** Record mode: call the live model (needs `services`) and rewrite eval/recordings. */
  record: boolean;
  /** Rehash mode: serve authored recordings in order and rewrite their prompt hashes. */
  rehash?: boolean;
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
 * the live model of any configured provider (`--record`, rewrites eval/recordings/*.json), prints the score
 * table and fails when a case does not behave as its case file says (case-outcome.ts): a positive case scores
 * below `minScore` or its grounded score (deterministic judge) drops below its `expect.minGrounded`; a negative
 * case (`expect.verdict: fail`) is no longer failed by the judge for its stated reason; a case is produced or
 * dropped against its `expect.produced`; a recording is missing or no longer matches its prompt.
 *
 * @throws ConfigError when --record or --judge is asked without the needed AI configuration (exit 2);
 *   LakewardenError when a case fails (exit 1).
 */
export async function aiEvalCommand(options: AiEvalCommandOptions, output: Output): Promise<void> {
  if (options.record && options.services === undefined)
    throw new ConfigError(
      'ai eval --record calls the live model: set ai.enabled: true, ai.provider and its settings (docs/security.md "The model boundary")',
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
        ? { kind: 'record', model: options.services.model, provider: options.config.provider, now: options.now }
        : options.rehash === true
          ? { kind: 'rehash' }
          : { kind: 'replay' },
    judge: options.judge ? options.services?.judge : undefined,
    settings: {
      hashIdentifiers: options.config.hashIdentifiers,
      maxToolCalls: options.config.maxToolCalls,
      maxAnswerMs: options.config.maxAnswerMs,
    },
    logger: options.logger,
  });
  const byId = new Map(cases.map((c) => [c.id, c.expect]));
  const outcomes = results.map((r) => {
    const expect = byId.get(r.id);
    return expect === undefined
      ? { id: r.id, expected: 'pass' as const, ok: false, reason: 'no case file' }
      : caseOutcome(r, expect, options.minScore);
  });
  output.out(
    options.json
      ? JSON.stringify(
          results.map((r, i) => ({ ...r, outcome: outcomes[i] })),
          null,
          2,
        )
      : formatEvalTable(results, outcomes),
  );
  const failing = outcomes.filter((o) => !o.ok);
  if (failing.length > 0)
    throw new LakewardenError(
      `ai eval: ${failing.length} of ${results.length} case(s) failed: ${failing.map((o) => `${o.id} (${o.reason})`).join('; ')}`,
    );
}
