import { join } from 'node:path';
import { RulesSection } from '../../config/rules-section.ts';
import { InputError } from '../../errors.ts';
import type { Finding } from '../../findings/finding.ts';
import { evaluateSnapshot } from '../../rules/evaluate-snapshot.ts';
import { loadRules } from '../../rules/load-rules.ts';
import { loadSnapshot } from '../../snapshot/load-snapshot.ts';
import type { Snapshot } from '../../snapshot/schema.ts';
import type { EvalCase } from './eval-case.ts';

/**
 * The finding (and snapshot, if any) of an eval case: inline, or by evaluating the rules in `rulesDir`
 * (default rule parameters) on the snapshot at `root/<snapshot>` and picking `ruleId` × `resourceId`.
 * @throws InputError when the snapshot yields no such finding.
 */
export async function resolveCaseFinding(
  evalCase: EvalCase,
  root: string,
  rulesDir: string,
): Promise<{ finding: Finding; snapshot: Snapshot | undefined; findings: Finding[] }> {
  const snapshot = evalCase.snapshot === undefined ? undefined : await loadSnapshot(join(root, evalCase.snapshot));
  if (evalCase.finding !== undefined) return { finding: evalCase.finding as Finding, snapshot, findings: [] };
  if (snapshot === undefined) throw new InputError(`eval case ${evalCase.id}: no finding and no snapshot`);
  const rules = await loadRules(rulesDir, RulesSection.parse({}));
  const { findings } = evaluateSnapshot(snapshot, rules);
  const finding = findings.find((f) => f.ruleId === evalCase.ruleId && f.resource.id === evalCase.resourceId);
  if (finding === undefined)
    throw new InputError(
      `eval case ${evalCase.id}: rule ${evalCase.ruleId ?? '?'} does not match resource ${evalCase.resourceId ?? '?'} in ${evalCase.snapshot ?? '?'}`,
    );
  return { finding, snapshot, findings };
}
