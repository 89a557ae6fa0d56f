import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.ts';
import { formatTable } from '../document/format-table.ts';
import { RuleValidationError } from '../errors.ts';
import { readRuleFiles } from '../rules/load-rules.ts';
import type { Output } from './output.ts';

/** `lakewarden rules list`: id, kind, category, severity, strategy and autonomy of every rule. */
export async function rulesList(loaded: LoadedConfig, output: Output, json: boolean): Promise<void> {
  const results = await readRuleFiles(
    resolve(loaded.baseDir, loaded.config.rules.directory),
    loaded.config.rules,
    loaded.config.remediation.autonomy,
  );
  const rules = results.flatMap((r) => (r.compiled === undefined ? [] : [r.compiled]));
  if (json) {
    output.out(
      JSON.stringify(
        rules.map((c) => ({ ...c.rule, params: c.params, autonomy: c.autonomy })),
        null,
        2,
      ),
    );
    return;
  }
  const rows = rules.map((c) => [
    c.rule.id,
    c.rule.kind,
    c.rule.category,
    c.severity,
    c.rule.remediation.strategy,
    c.autonomy,
    loaded.config.rules.overrides[c.rule.id]?.enabled === false ? 'disabled' : 'enabled',
  ]);
  output.out(formatTable(['id', 'kind', 'category', 'severity', 'strategy', 'autonomy', 'state'], rows));
  const broken = results.filter((r) => r.problems.length > 0).length;
  output.out(`${rules.length} rules${broken > 0 ? `, ${broken} invalid (run \`lakewarden rules validate\`)` : ''}`);
}

/**
 * `lakewarden rules validate`: validates and compiles every rule file.
 * @throws RuleValidationError listing `file:line: path: message` for every problem (exit 2).
 */
export async function rulesValidate(loaded: LoadedConfig, output: Output): Promise<void> {
  const results = await readRuleFiles(resolve(loaded.baseDir, loaded.config.rules.directory), loaded.config.rules);
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0)
    throw new RuleValidationError(`${problems.length} problem(s) in rules:\n${problems.join('\n')}`);
  output.out(`${results.length} rules valid`);
}
