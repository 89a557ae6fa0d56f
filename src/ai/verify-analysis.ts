import { type Analysis, analysisText } from './analysis.ts';
import { extractDates, extractNumbers, isFaithful } from './extract-numbers.ts';
import { TOKEN_PATTERN } from './identifier-tokens.ts';
import { KNOWN_CONFIG_FIELDS, namedWarehouseSizes } from './known-config-fields.ts';
import type { MinimizedFinding } from './minimize-finding.ts';
import { planChecks } from './plan-checks.ts';

/** Numbers any text may use without evidence ("at least 1", "0 = never"). */
export const ALWAYS_ALLOWED = [0, 1];

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Everything a model-written text may rely on: the minimized finding plus any tool results it read. */
export interface Evidence {
  finding: MinimizedFinding;
  /** Extra JSON the model was given (tool results), whose numbers and tokens also count as evidence. */
  extra?: readonly unknown[];
}

/**
 * Checks model-written text against the evidence it was given. Fails (with a reason for the log) when the
 * text states a number not in the evidence (formatting normalised: 1,234.5 / $1,234.50 / 12 % / 3.4k), a
 * date not in it, names a resource or identity token not in it, or proposes a change other than the
 * planned one: a configuration field the plan does not change and the evidence does not show, or a planned
 * field set to another value than the planned one (both with `checkFields`: plan-checks.ts), or a warehouse size not named in the evidence (always: an answer may not propose one either).
 */
export function verifyText(text: string, evidence: Evidence, options: { checkFields: boolean }): Verdict {
  const sources: unknown[] = [evidence.finding, ...(evidence.extra ?? [])];
  const numbers = new Set<number>(ALWAYS_ALLOWED);
  const strings: string[] = [];
  collectEvidence(sources, numbers, strings);
  const corpus = strings.join('\n');

  for (const stated of extractNumbers(text)) {
    if (![...numbers].some((n) => isFaithful(stated, n)))
      return { ok: false, reason: `states the number "${stated.text}", which is not in the evidence` };
  }
  const allowedDates = new Set(extractDates(corpus));
  for (const date of extractDates(text)) {
    if (!allowedDates.has(date)) return { ok: false, reason: `states the date ${date}, which is not in the evidence` };
  }
  const allowedTokens = new Set(corpus.match(TOKEN_PATTERN) ?? []);
  for (const token of text.match(TOKEN_PATTERN) ?? []) {
    if (!allowedTokens.has(token)) return { ok: false, reason: `names ${token}, which is not in the evidence` };
  }
  if (options.checkFields) {
    const planned = evidence.finding.plan.changes.map((c) => c.field);
    const shown = evidence.finding.evidence.map((e) => e.fact);
    for (const field of KNOWN_CONFIG_FIELDS) {
      if (!new RegExp(`\\b${field}\\b`).test(text)) continue;
      const related = [...planned, ...shown].some((f) => f === field || f.endsWith(`.${field}`) || f.includes(field));
      if (!related) return { ok: false, reason: `mentions the field ${field}, which the plan does not change` };
    }
    const wrongPlan = planChecks(text, evidence.finding.plan).find((c) => !c.passed);
    if (wrongPlan !== undefined) return { ok: false, reason: `fails the ${wrongPlan.name} check` };
  }
  const shownSizes = new Set(namedWarehouseSizes(corpus));
  for (const size of namedWarehouseSizes(text)) {
    if (!shownSizes.has(size))
      return { ok: false, reason: `mentions the size ${size}, which is not in the evidence or the plan` };
  }
  return { ok: true };
}

/** Gathers every number (and numbers written inside strings) and every string and key of JSON-like values. */
export function collectEvidence(value: unknown, numbers: Set<number>, strings: string[]): void {
  if (typeof value === 'number') numbers.add(value);
  else if (typeof value === 'string') {
    strings.push(value);
    for (const n of extractNumbers(value)) numbers.add(n.value);
  } else if (Array.isArray(value)) for (const v of value) collectEvidence(v, numbers, strings);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      strings.push(k);
      collectEvidence(v, numbers, strings);
    }
}

/**
 * Verifies a whole analysis against its minimized finding (numbers, dates, tokens, fields, sizes).
 * @returns `{ ok: false, reason }` naming the first problem, for the log; the analysis is then dropped.
 */
export function verifyAnalysis(analysis: Analysis, finding: MinimizedFinding): Verdict {
  return verifyText(analysisText(analysis), { finding }, { checkFields: true });
}
