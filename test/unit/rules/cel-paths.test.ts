import { parse } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { compileCel } from '../../../src/rules/cel.ts';
import { collectSelectPaths } from '../../../src/rules/cel-paths.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';

describe('collectSelectPaths', () => {
  it('collects every dotted prefix of member chains on free variables', () => {
    const paths = collectSelectPaths(
      parse('resource.config.auto_stop_mins == 0 || facts.idleTailHours > params.min').expr,
    );
    expect(paths.sort()).toEqual([
      'facts.idleTailHours',
      'params.min',
      'resource.config',
      'resource.config.auto_stop_mins',
    ]);
  });

  it('leaves out comprehension variables and presence tests', () => {
    const paths = collectSelectPaths(
      parse('resource.config.tasks.exists(t, has(t.max_retries) && t.max_retries > params.maxRetries) && has(facts.x)')
        .expr,
    );
    expect(paths.sort()).toEqual(['params.maxRetries', 'resource.config', 'resource.config.tasks']);
  });

  it('is exposed on compiled programs', () => {
    expect(compileCel('facts.a * 2.0').paths).toEqual(['facts.a']);
  });
});

describe('evaluation with bound paths', () => {
  it('keeps CEL semantics: a missing field is still a reported rule error, not a silent false', () => {
    const rule = compileRuleFile('warehouse-auto-stop-too-long');
    const snapshot = buildSnapshot([buildWarehouse({ config: { auto_stop_mins: 0 } })]);
    const [resource] = snapshot.resources;
    delete (resource?.facts as Record<string, unknown> | undefined)?.idleTailHours;
    const result = evaluateSnapshot(snapshot, [rule]);
    expect(result.findings).toEqual([]);
    expect(result.errors).toMatchObject([
      { ruleId: 'warehouse-auto-stop-too-long', message: expect.stringMatching(/idleTailHours/) },
    ]);
  });

  it('gives each rule its own params even when rules share param names', () => {
    const strict = compileRuleFile('warehouse-auto-stop-too-long', {
      params: { maxAutoStopMins: 5, minIdleTailHours: 0 },
    });
    const lax = compileRuleFile('warehouse-auto-stop-too-long', { params: { maxAutoStopMins: 500 } });
    const warehouse = buildWarehouse({ config: { auto_stop_mins: 45 }, facts: { idleTailHours: 20 } });
    const snapshot = buildSnapshot([warehouse]);
    expect(evaluateSnapshot(snapshot, [strict, lax]).findings).toHaveLength(1);
    expect(evaluateSnapshot(snapshot, [lax, strict]).findings).toHaveLength(1);
    expect(evaluateSnapshot(snapshot, [lax]).findings).toHaveLength(0);
  });
});
