import type { RemediationSection } from '../config/remediation-section.ts';
import type { Autonomy } from '../findings/finding.ts';

/**
 * The one resolution of a rule's effective autonomy, used by `rules list`, the issue text (through the compiled
 * rule's autonomy) and the guardrails: `remediation.autonomy.byRule[ruleId]`, else
 * `remediation.autonomy.byStrategy[strategy]`, else `declared` (the rule file, or `rules.overrides.<id>.autonomy`);
 * the `manual` strategy is always manual. Pure.
 */
export function resolveAutonomy(
  configured: RemediationSection['autonomy'],
  ruleId: string,
  strategy: string,
  declared: Autonomy,
): Autonomy {
  if (strategy === 'manual') return 'manual';
  return configured.byRule[ruleId] ?? configured.byStrategy[strategy] ?? declared;
}
