import { extractNumbers, isFaithful } from '../extract-numbers.ts';
import type { EvalCase } from './eval-case.ts';

/** One expectation checked against an eval output. */
export interface CheckResult {
  name: string;
  passed: boolean;
}

/**
 * Checks an eval output against its case's expectations: `mustMention` (case-insensitive substring of the
 * output), `mustCiteFigure` (the figure's number stated in the output, formatting normalised) and
 * `mustNotContain` (absent, case-insensitive, from every request sent to the model and every raw response
 * it returned — the privacy check; the rendered output is exempt because it restores tokens to the names
 * the owner may see in Jira).
 */
export function scoreCase(
  expectations: EvalCase['expect'],
  output: string,
  exchanged: readonly string[],
): CheckResult[] {
  const lowered = output.toLowerCase();
  const stated = extractNumbers(output);
  const checks: CheckResult[] = [];
  for (const phrase of expectations.mustMention)
    checks.push({ name: `mentions "${phrase}"`, passed: lowered.includes(phrase.toLowerCase()) });
  for (const figure of expectations.mustCiteFigure) {
    const wanted = extractNumbers(figure)[0];
    checks.push({
      name: `cites ${figure}`,
      passed: wanted !== undefined && stated.some((s) => isFaithful(s, wanted.value) || isFaithful(wanted, s.value)),
    });
  }
  for (const forbidden of expectations.mustNotContain) {
    const needle = forbidden.toLowerCase();
    checks.push({
      name: `never contains "${forbidden}"`,
      passed: !exchanged.some((text) => text.toLowerCase().includes(needle)),
    });
  }
  return checks;
}

/** Share of passed checks, 0–1; 1 when there are none. */
export function scoreOf(checks: readonly CheckResult[]): number {
  return checks.length === 0 ? 1 : checks.filter((c) => c.passed).length / checks.length;
}
