import { extractDates, extractNumbers, isFaithful } from '../extract-numbers.ts';
import { TOKEN_PATTERN } from '../identifier-tokens.ts';
import { KNOWN_CONFIG_FIELDS, namedWarehouseSizes } from '../known-config-fields.ts';
import type { MinimizedFinding } from '../minimize-finding.ts';
import { planChecks } from '../plan-checks.ts';
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
 * The deterministic judge of `lakewarden ai eval`: one check per figure, date, resource token and raw
 * Databricks id (cluster id, 16-hex warehouse id) the text states (each must be in the finding or a tool result
 * the model read), one per planned change the text mentions (it must be set to the planned value:
 * plan-checks.ts), one per configuration field it names (the plan changes it or the evidence shows it), one
 * per warehouse size it names (planned or shown), and one privacy check (no hidden identifier in any exchange). Unlike the
 * pipeline's verification (which drops a whole answer at the first problem), every statement is scored, so a
 * recording's grounded score says how much of it was supported. No model is involved.
 */
export function groundingChecks(input: GroundingInput): CheckResult[] {
  const numbers = new Set<number>(ALWAYS_ALLOWED);
  const strings: string[] = [];
  collectEvidence([input.finding, ...input.toolResults], numbers, strings);
  const corpus = strings.join('\n');
  const checks: CheckResult[] = [];

  // Raw ids are checked as resources below, not as figures (`0906-043955-…` is no amount).
  for (const stated of extractNumbers(input.text.replace(RESOURCE_ID_PATTERN, ' ')))
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
  // Raw Databricks identifiers (Class A, not tokenized): cluster ids and 16-hex warehouse ids.
  for (const id of new Set(input.text.match(RESOURCE_ID_PATTERN) ?? []))
    checks.push({ name: `resource ${id} is in the evidence`, passed: corpus.includes(id) });

  checks.push(...planChecks(input.text, input.finding.plan));
  const shownSizes = new Set(namedWarehouseSizes(corpus));
  for (const size of namedWarehouseSizes(input.text))
    checks.push({ name: `size ${size} is planned or shown`, passed: shownSizes.has(size) });
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

const RESOURCE_ID_PATTERN = /\b(?:\d{4}-\d{6}-[a-z0-9]{8}|[0-9a-f]{16})\b/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
