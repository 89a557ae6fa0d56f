import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readAllInOrder } from '../config/read-all-in-order.ts';
import type { RemediationSection } from '../config/remediation-section.ts';
import type { RulesSection } from '../config/rules-section.ts';
import { suggest } from '../config/unknown-keys.ts';
import { describeYamlIssues, parseYamlLocated } from '../config/yaml-errors.ts';
import { RuleValidationError } from '../errors.ts';
import { resolveAutonomy } from '../remediation/resolve-autonomy.ts';
import { type CompiledRule, compileRule } from './compile-rule.ts';
import { Rule } from './rule-schema.ts';

/** No `remediation.autonomy` configured: every rule keeps its declared autonomy. */
const NO_AUTONOMY_CONFIG: RemediationSection['autonomy'] = { byRule: {}, byStrategy: {} };

/** One rule file: its path and either the compiled rule or the problems found in it. */
export interface RuleFileResult {
  file: string;
  /** The rule's id once the file passed the schema (also when its CEL or overrides then failed). */
  id?: string;
  compiled?: CompiledRule;
  problems: string[];
}

/**
 * Reads, validates and compiles every `*.yaml` in the rules folder. Never throws for a bad rule:
 * each file's problems are returned with `file:line: path: message` (for `rules validate`).
 * @throws RuleValidationError when the folder cannot be read.
 */
export async function readRuleFiles(
  directory: string,
  section: RulesSection,
  autonomy: RemediationSection['autonomy'] = NO_AUTONOMY_CONFIG,
): Promise<RuleFileResult[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch (error) {
    throw new RuleValidationError(
      `${directory}: cannot read rules folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const results: RuleFileResult[] = [];
  const ids = new Map<string, string>();
  // Read concurrently (each read is a thread-pool round trip), checked in name order.
  const texts = await readAllInOrder(names.map((name) => join(directory, name)));
  for (const [index, name] of names.entries()) {
    const file = join(directory, name);
    const text = texts[index] as string;
    const result = checkRuleText(text, file, section, autonomy);
    const id = result.id;
    if (id !== undefined) {
      const expected = name.replace(/\.ya?ml$/, '');
      if (id !== expected) result.problems.push(`${file}: id: "${id}" must equal the file name "${expected}"`);
      const other = ids.get(id);
      if (other !== undefined) result.problems.push(`${file}: id: "${id}" is also defined in ${other}`);
      ids.set(id, file);
    }
    results.push(result);
  }
  for (const id of Object.keys(section.overrides)) {
    if (!ids.has(id)) {
      const near = suggest(id, [...ids.keys()]);
      const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
      results.push({
        file: 'configuration',
        problems: [`rules.overrides.${id}: no rule with this id in ${directory}${hint}`],
      });
    }
  }
  return results;
}

/** Validates and compiles one rule's YAML text. Pure. */
export function checkRuleText(
  text: string,
  file: string,
  section: RulesSection,
  autonomy: RemediationSection['autonomy'] = NO_AUTONOMY_CONFIG,
): RuleFileResult {
  const located = parseYamlLocated(text);
  if (located.syntaxErrors.length > 0) return { file, problems: located.syntaxErrors.map((e) => `${file}: ${e}`) };
  // A few dozen small documents: zod's interpreted parser (`jitless`) costs less than generating its fast path.
  const parsed = Rule.safeParse(located.data, { jitless: true });
  if (!parsed.success) return { file, problems: describeYamlIssues(file, located, parsed.error.issues) };
  const override = section.overrides[parsed.data.id];
  try {
    const declared = override?.autonomy ?? parsed.data.remediation.autonomy;
    const resolved = resolveAutonomy(autonomy, parsed.data.id, parsed.data.remediation.strategy, declared);
    const compiled = compileRule(
      parsed.data,
      file,
      override === undefined
        ? { autonomy: resolved }
        : {
            autonomy: resolved,
            params: override.params,
            severity: override.severity,
            minMonthlySavingsUsd: override.minMonthlySavingsUsd,
          },
      section.minMonthlySavingsUsd,
    );
    return { file, id: parsed.data.id, compiled, problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    const field = /: (match|estimate\.expr|remediation\.[a-z.A-Z_]+):/.exec(message)?.[1];
    const line = field === undefined ? undefined : located.lineOf(field.split('.'));
    return {
      file,
      id: parsed.data.id,
      problems: [line === undefined ? message : message.replace(`${file}:`, `${file}:${line}:`)],
    };
  }
}

/**
 * Loads the enabled rules for a scan.
 * @throws RuleValidationError listing every problem when any rule file is invalid (CLI exit 2).
 */
export async function loadRules(
  directory: string,
  section: RulesSection,
  autonomy: RemediationSection['autonomy'] = NO_AUTONOMY_CONFIG,
): Promise<CompiledRule[]> {
  const results = await readRuleFiles(directory, section, autonomy);
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new RuleValidationError(problems.join('\n'));
  return results
    .map((r) => r.compiled)
    .filter((c): c is CompiledRule => c !== undefined && section.overrides[c.rule.id]?.enabled !== false);
}
