import type { EvalCase } from './eval-case.ts';
import type { CaseResult } from './run-eval.ts';

/** Whether one eval case behaved as its case file says, and if not, why (a regression CI must fail on). */
export interface CaseOutcome {
  id: string;
  /** The deterministic judge's expected verdict (`fail` = a negative case). */
  expected: 'pass' | 'fail';
  ok: boolean;
  /** Why the case is a regression; empty when `ok`. */
  reason: string;
}

/**
 * Compares a case result with its expectations. A positive case (`verdict: pass`) must be produced (unless
 * `produced: false`), score at least `minScore` and be grounded at least `minGrounded`. A negative case
 * (`verdict: fail`) must have every grounding check named in `judgeFails` present and failed — a judge that
 * stops catching the invented figure, the leak or the wrong plan is a regression — and must be produced or
 * dropped as `produced` says. A case that errored (missing recording, prompt drift) is never ok.
 */
export function caseOutcome(result: CaseResult, expect: EvalCase['expect'], minScore: number): CaseOutcome {
  const base = { id: result.id, expected: expect.verdict };
  const fail = (reason: string): CaseOutcome => ({ ...base, ok: false, reason });
  if (result.error !== undefined) return fail(result.error);
  if (expect.produced !== result.produced) {
    const judged = result.groundingChecks.find((c) => !c.passed);
    return fail(
      expect.produced
        ? `no output was produced${judged === undefined ? '' : ` (judge: ${judged.name})`}`
        : 'output was produced although it must be dropped',
    );
  }
  if (expect.verdict === 'fail') {
    const missed = expect.judgeFails.filter(
      (name) => !result.groundingChecks.some((c) => !c.passed && c.name.includes(name)),
    );
    if (missed.length > 0) return fail(`the judge did not fail: ${missed.join('; ')}`);
    return { ...base, ok: true, reason: '' };
  }
  if (result.grounded < expect.minGrounded)
    return fail(
      `grounded ${Math.round(result.grounded * 100)}% below ${Math.round(expect.minGrounded * 100)}%: ${result.groundingChecks.find((c) => !c.passed)?.name ?? ''}`,
    );
  if (result.produced && result.score < minScore)
    return fail(`score below ${minScore}: ${result.checks.find((c) => !c.passed)?.name ?? ''}`);
  return { ...base, ok: true, reason: '' };
}
