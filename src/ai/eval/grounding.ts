import { extractDates, extractNumbers, isFaithful } from '../extract-numbers.ts';
import { TOKEN_PATTERN } from '../identifier-tokens.ts';
import { KNOWN_CONFIG_FIELDS } from '../known-config-fields.ts';
import type { MinimizedFinding } from '../minimize-finding.ts';
import { ALWAYS_ALLOWED, collectEvidence } from '../verify-analysis.ts';
import type { CheckResult } from './score-case.ts';

/** What the deterministic judge compares a model-written text with. */
export interface GroundingInput {
  /** The model's own text (identifier tokens not yet restored to names). */
  text: string;
  /** The minimized finding the model saw. */
  finding: MinimizedFinding;
  /** Every tool result the model read. */
  toolResults: readonly unknown[];
  /** Every request sent to the model and every raw response (JSON strings). */
  exchanged: readonly string[];
  /**
   * Class B values the minimizer replaced with tokens (resource names, owners, tag values): none may appear in
   * any request or response.
   */
  hidden: readonly string[];
}

/**
 * The deterministic judge of `lakewarden ai eval`: one check per figure, date and resource token the text
 * states (each must be in the finding or a tool result the model read), one per planned change the text
 * mentions (its target value must be the planned one), one per configuration field it names (the plan changes
 * it or the evidence shows it), and one privacy check (no hidden identifier in any exchange). Unlike the
 * pipeline's verification (which drops a whole answer at the first problem), every statement is scored, so a
 * recording's grounded score says how much of it was supported. No model is involved.
 */
export function groundingChecks(input: GroundingInput): CheckResult[] {
  const numbers = new Set<number>(ALWAYS_ALLOWED);
  const strings: string[] = [];
  collectEvidence([input.finding, ...input.toolResults], numbers, strings);
  const corpus = strings.join('\n');
  const checks: CheckResult[] = [];

  for (const stated of extractNumbers(input.text))
    checks.push({
      name: `figure ${stated.text} is in the evidence`,
      passed: [...numbers].some((n) => isFaithful(stated, n)),
    });
  const dates = new Set(extractDates(corpus));
  for (const date of extractDates(input.text))
    checks.push({ name: `date ${date} is in the evidence`, passed: dates.has(date) });
  const tokens = new Set(corpus.match(TOKEN_PATTERN) ?? []);
  for (const token of new Set(input.text.match(TOKEN_PATTERN) ?? []))
    checks.push({ name: `resource ${token} is in the evidence`, passed: tokens.has(token) });

  for (const change of input.finding.plan.changes) {
    const field = change.field.split('.').at(-1) ?? change.field;
    // Only identifiers (auto_stop_mins, max_retries…): a plain word such as `state` is ordinary English.
    if (!field.includes('_') && !KNOWN_CONFIG_FIELDS.has(field)) continue;
    if (!new RegExp(`\\b${escapeRegExp(field)}\\b`).test(input.text)) continue;
    const after = String(change.after);
    checks.push({
      name: `plan: ${field} → ${after} as planned`,
      passed: input.text.includes(after) || extractNumbers(input.text).some((n) => isFaithful(n, Number(after))),
    });
  }
  const planned = input.finding.plan.changes.map((c) => c.field);
  const shown = input.finding.evidence.map((e) => e.fact);
  for (const field of KNOWN_CONFIG_FIELDS) {
    if (!new RegExp(`\\b${escapeRegExp(field)}\\b`).test(input.text)) continue;
    checks.push({
      name: `field ${field} is planned or shown`,
      passed:
        [...planned, ...shown].some((f) => f === field || f.endsWith(`.${field}`) || f.includes(field)) ||
        corpus.includes(field),
    });
  }

  const leaked = input.hidden.filter(
    (value) => value.length >= 3 && input.exchanged.some((text) => text.toLowerCase().includes(value.toLowerCase())),
  );
  checks.push({
    name: leaked.length === 0 ? 'no hidden identifier reached the model' : `hidden identifier leaked: ${leaked[0]}`,
    passed: leaked.length === 0,
  });
  return checks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
