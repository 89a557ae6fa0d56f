import { RuleValidationError } from '../errors.ts';
import { STRATEGIES } from '../remediation/registry.ts';
import { type CelProgram, compileCel } from './cel.ts';
import type { Rule } from './rule-schema.ts';

/** A rule with its CEL compiled once, its params merged with configuration overrides. */
export interface CompiledRule {
  rule: Rule;
  params: Record<string, unknown>;
  autonomy: Rule['remediation']['autonomy'];
  severity: Rule['severity'];
  minMonthlySavingsUsd: number;
  match: CelProgram;
  estimate: CelProgram;
  args: Array<[string, CelProgram]>;
  /** Per evidence item (same order as `rule.evidence`): its `expr` and `when` programs, when declared. */
  evidence: Array<{ expr?: CelProgram; when?: CelProgram }>;
}

export interface RuleOverrides {
  params?: Record<string, unknown> | undefined;
  autonomy?: Rule['remediation']['autonomy'] | undefined;
  severity?: Rule['severity'] | undefined;
  minMonthlySavingsUsd?: number | undefined;
}

/**
 * Compiles a validated rule's CEL (match, estimate, remediation args) and checks its references.
 * @param file used in error messages
 * @throws RuleValidationError naming the file and the field whose expression does not compile, an unknown
 *   strategy, a strategy that does not apply to the rule's kind, or an override of an undeclared param.
 */
export function compileRule(rule: Rule, file: string, overrides: RuleOverrides = {}, globalMinUsd = 0): CompiledRule {
  const strategy = STRATEGIES.get(rule.remediation.strategy);
  if (strategy === undefined) {
    throw new RuleValidationError(
      `${file}: remediation.strategy: unknown strategy "${rule.remediation.strategy}" (known: ${[...STRATEGIES.keys()].join(', ')})`,
    );
  }
  if (!strategy.kinds.includes(rule.kind)) {
    throw new RuleValidationError(
      `${file}: remediation.strategy: "${strategy.name}" does not apply to ${rule.kind} resources`,
    );
  }
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.params)) params[name] = spec.default;
  for (const [name, value] of Object.entries(overrides.params ?? {})) {
    if (!(name in rule.params)) {
      throw new RuleValidationError(
        `${file}: rules.overrides.${rule.id}.params.${name}: the rule does not declare this param (declared: ${Object.keys(rule.params).join(', ') || 'none'})`,
      );
    }
    params[name] = value;
  }
  const compile = (field: string, expression: string): CelProgram => {
    try {
      return compileCel(expression);
    } catch (error) {
      throw new RuleValidationError(`${file}: ${field}: CEL does not compile: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    rule,
    params,
    autonomy: overrides.autonomy ?? rule.remediation.autonomy,
    severity: overrides.severity ?? rule.severity,
    minMonthlySavingsUsd: overrides.minMonthlySavingsUsd ?? globalMinUsd,
    match: compile('match', rule.match),
    estimate: compile('estimate.expr', rule.estimate.expr),
    args: Object.entries(rule.remediation.args).map(([name, expr]) => [
      name,
      compile(`remediation.args.${name}`, expr),
    ]),
    evidence: rule.evidence.map((spec, i) => ({
      ...(spec.expr === undefined ? {} : { expr: compile(`evidence.${i}.expr`, spec.expr) }),
      ...(spec.when === undefined ? {} : { when: compile(`evidence.${i}.when`, spec.when) }),
    })),
  };
}
