import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { checkRuleText, loadRules, readRuleFiles } from '../../../src/rules/load-rules.ts';
import { loadTemplates } from '../../../src/tickets/load-templates.ts';
import {
  buildCluster,
  buildJob,
  buildPipeline,
  buildSnapshot,
  buildWarehouse,
} from '../../support/resource-builders.ts';
import { RULES_DIR } from '../../support/rule-harness.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
const section = RulesSection.parse({});

describe('the rules/ folder (what `lakewarden rules validate` checks; CI runs this)', () => {
  it('has 26 rules (15 first wave, 6 anomaly rules, table-small-files, workspace-cost-spike, job-serverless-performance-optimized, 2 pipeline rules) that all validate and compile with zero problems', async () => {
    const results = await readRuleFiles(RULES_DIR, section);
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results.map((r) => r.compiled?.rule.id).filter((id) => id !== undefined)).toHaveLength(26);
  });

  it('names each rule after its file and gives it a template that loads', async () => {
    const rules = await loadRules(RULES_DIR, section);
    for (const { rule } of rules) expect(rule.template).toBe(rule.id);
    const templates = await loadTemplates(
      TEMPLATES_DIR,
      rules.map((c) => c.rule),
    );
    expect(templates.rules.size).toBeGreaterThanOrEqual(23);
  });

  it('finds nothing, and fails on nothing, in a snapshot of healthy resources', async () => {
    const rules = await loadRules(RULES_DIR, section);
    const result = evaluateSnapshot(
      buildSnapshot([buildWarehouse(), buildCluster(), buildJob(), buildPipeline()]),
      rules,
    );
    expect(result).toEqual({ findings: [], errors: [], belowMinimum: 0 });
  });

  it('documents every rule in rules/README.md', async () => {
    const readme = readFileSync(`${RULES_DIR}README.md`, 'utf8');
    for (const { rule } of await loadRules(RULES_DIR, section)) expect(readme).toContain(`\`${rule.id}\``);
  });
});

describe('rule validation problems carry file:line', () => {
  const file = 'rules/warehouse-auto-stop-too-long.yaml';
  const good = readFileSync(`${RULES_DIR}warehouse-auto-stop-too-long.yaml`, 'utf8');
  const lineOf = (text: string, prefix: string): number => text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

  it('accepts the unmodified rule', () => {
    expect(checkRuleText(good, file, section).problems).toEqual([]);
  });

  it('points at the line of an invalid enum value', () => {
    const broken = good.replace('severity: medium', 'severity: urgent');
    const [problem] = checkRuleText(broken, file, section).problems;
    expect(problem).toMatch(new RegExp(`^${file}:${lineOf(broken, 'severity:')}: severity: `));
  });

  it('points at the line of a match expression that does not compile', () => {
    const broken = good.replace('&& facts.idleTailHours >', '&& facts.idleTailHours >>');
    const [problem] = checkRuleText(broken, file, section).problems;
    expect(problem).toMatch(new RegExp(`^${file}:${lineOf(broken, 'match:')}: match: CEL does not compile`));
  });

  it('rejects a configuration override of an undeclared param', () => {
    const overridden = RulesSection.parse({
      overrides: { 'warehouse-auto-stop-too-long': { params: { maxAutoStop: 20 } } },
    });
    expect(checkRuleText(good, file, overridden).problems.join('\n')).toMatch(/undeclared|does not declare/);
  });
});
