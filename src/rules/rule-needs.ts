import { factSources } from '../snapshot/fact-sources.ts';
import type { CompiledRule } from './compile-rule.ts';

/** A rule that was not evaluated because a system table its facts come from is missing from the snapshot. */
export interface NotEvaluatedRule {
  ruleId: string;
  /** The missing system tables it needs, sorted. */
  needs: string[];
}

const FACT_REFERENCE = /\bfacts\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\bfacts\s*\[\s*['"]([^'"]+)['"]\s*\]/g;

/** The facts a rule reads in its `match` and `estimate` CEL (`facts.x` or `facts['x']`), sorted. */
export function factsReadBy(rule: CompiledRule['rule']): string[] {
  const names = new Set<string>();
  for (const text of [rule.match, rule.estimate.expr]) {
    for (const m of text.matchAll(FACT_REFERENCE)) names.add(m[1] ?? m[2] ?? '');
  }
  names.delete('');
  return [...names].sort();
}

/** The system tables a rule needs: the sources of the facts it reads (src/snapshot/fact-sources.ts), sorted. */
export function tablesNeededBy(rule: CompiledRule['rule']): string[] {
  return [...new Set(factsReadBy(rule).flatMap((fact) => factSources(rule.kind, fact)))].sort();
}

/**
 * Splits the rules into those that can be evaluated on a snapshot missing `missingTables` and those that
 * cannot (pure). A rule is not evaluated when any table it needs is missing — it is never evaluated on the
 * zeros a missing table leaves behind, and its open findings are neither updated nor resolved.
 */
export function partitionRules(
  rules: readonly CompiledRule[],
  missingTables: ReadonlySet<string>,
): { evaluable: CompiledRule[]; notEvaluated: NotEvaluatedRule[] } {
  const evaluable: CompiledRule[] = [];
  const notEvaluated: NotEvaluatedRule[] = [];
  for (const compiled of rules) {
    const needs = tablesNeededBy(compiled.rule).filter((t) => missingTables.has(t));
    if (needs.length === 0) evaluable.push(compiled);
    else notEvaluated.push({ ruleId: compiled.rule.id, needs });
  }
  return { evaluable, notEvaluated };
}
