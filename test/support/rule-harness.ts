import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RulesSection } from '../../src/config/rules-section.ts';
import type { Finding } from '../../src/findings/finding.ts';
import type { CompiledRule } from '../../src/rules/compile-rule.ts';
import { type EvaluationResult, evaluateSnapshot } from '../../src/rules/evaluate-snapshot.ts';
import { checkRuleText } from '../../src/rules/load-rules.ts';
import type { Resource } from '../../src/snapshot/schema.ts';
import { buildSnapshot } from './resource-builders.ts';

/** The repository's `rules/` folder. */
export const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/**
 * Compiles `rules/<id>.yaml` with optional configuration overrides (`rules.overrides.<id>`).
 * @throws Error listing the problems when the rule does not validate.
 */
export function compileRuleFile(id: string, overrides: Record<string, unknown> = {}): CompiledRule {
  const file = `${RULES_DIR}${id}.yaml`;
  const section = RulesSection.parse({ overrides: { [id]: overrides } });
  const result = checkRuleText(readFileSync(file, 'utf8'), file, section);
  if (result.compiled === undefined) throw new Error(result.problems.join('\n'));
  return result.compiled;
}

/** Evaluates one rule on one resource inside a snapshot of `days` days. */
export function evaluateRule(
  id: string,
  resource: Resource,
  options: { days?: number; overrides?: Record<string, unknown> } = {},
): EvaluationResult {
  return evaluateSnapshot(buildSnapshot([resource], options.days ?? 30), [compileRuleFile(id, options.overrides)]);
}

/**
 * The single finding of a rule on a resource.
 * @throws Error when the rule errored or did not produce exactly one finding.
 */
export function findingOf(
  id: string,
  resource: Resource,
  options: { days?: number; overrides?: Record<string, unknown> } = {},
): Finding {
  const result = evaluateRule(id, resource, options);
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const [finding, ...more] = result.findings;
  if (finding === undefined || more.length > 0) throw new Error(`expected 1 finding, got ${result.findings.length}`);
  return finding;
}

/** True when the rule neither matched nor errored on the resource. */
export function isClean(id: string, resource: Resource, options: { days?: number } = {}): boolean {
  const result = evaluateRule(id, resource, options);
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.findings.length === 0 && result.belowMinimum === 0;
}
