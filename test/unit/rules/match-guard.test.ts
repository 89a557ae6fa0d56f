import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { compileCel } from '../../../src/rules/cel.ts';
import type { CompiledRule } from '../../../src/rules/compile-rule.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { resourceRoots } from '../../../src/rules/evaluation-roots.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { matchGuardOf } from '../../../src/rules/match-guard.ts';
import { SIZE_LADDERS } from '../../../src/rules/size-ladders.ts';
import type { Resource, Snapshot } from '../../../src/snapshot/schema.ts';
import { generateSnapshot } from '../../../src/snapshot/synthetic/generate-snapshot.ts';
import { RULES_DIR } from '../../support/rule-harness.ts';

const rules = await loadRules(RULES_DIR, RulesSection.parse({}));

/**
 * A generated snapshot with every third resource damaged (a fact or config field deleted, nulled or given
 * the wrong type, tags emptied), so guards meet missing, null and mistyped values as well as valid ones.
 */
function damagedSnapshot(seed: number): Snapshot {
  const snapshot = structuredClone(generateSnapshot({ seed, resources: 1500 })) as Snapshot;
  for (const [i, resource] of snapshot.resources.entries()) {
    if (i % 3 !== 0) continue;
    const facts = resource.facts as Record<string, unknown>;
    const config = (resource as { config?: Record<string, unknown> }).config ?? {};
    const factKeys = Object.keys(facts);
    const configKeys = Object.keys(config);
    const fact = factKeys[i % Math.max(1, factKeys.length)];
    const field = configKeys[i % Math.max(1, configKeys.length)];
    switch ((i / 3) % 5) {
      case 0:
        if (fact !== undefined) delete facts[fact];
        break;
      case 1:
        if (fact !== undefined) facts[fact] = null;
        break;
      case 2:
        if (fact !== undefined) facts[fact] = String(facts[fact]);
        if (field !== undefined) config[field] = 7;
        break;
      case 3:
        if (field !== undefined) delete config[field];
        break;
      default:
        (resource as { tags: Record<string, string> }).tags = {};
    }
  }
  return snapshot;
}

/** The rule with its match stripped of the parsed expression, so the evaluation runs CEL for every resource. */
function unguarded(compiled: CompiledRule): CompiledRule {
  const match = Object.assign((bindings: Record<string, unknown>) => compiled.match(bindings), {
    paths: compiled.match.paths,
    expr: undefined,
  });
  return { ...compiled, match };
}

/** @bufbuild/cel on plain variables (its own conversion, no bound paths): the reference result of `match`. */
const referencePrograms = new Map<string, ReturnType<typeof compileCel>>();

function referenceMatch(compiled: CompiledRule, snapshot: Snapshot, resource: Resource): unknown {
  let run = referencePrograms.get(compiled.rule.match);
  if (run === undefined) {
    run = compileCel(compiled.rule.match);
    referencePrograms.set(compiled.rule.match, run);
  }
  const prices: Record<string, number> = {};
  const cloud = snapshot.workspaces.find((w) => w.id === resource.workspaceId)?.cloud;
  for (const p of snapshot.prices) if (p.cloud === cloud) prices[p.sku_name] = p.usd_per_dbu;
  try {
    return run({ ...resourceRoots(resource, snapshot.window, prices), params: compiled.params });
  } catch (error) {
    return error;
  }
}

describe('matchGuardOf on the bundled rules', () => {
  const snapshots = [generateSnapshot({ seed: 5, resources: 1500 }), damagedSnapshot(6), damagedSnapshot(7)];

  it('only proves false what @bufbuild/cel evaluates to false, and proves it often', () => {
    let skipped = 0;
    for (const snapshot of snapshots) {
      for (const compiled of rules) {
        const constants = { params: compiled.params, window: snapshot.window, ladders: SIZE_LADDERS };
        const guard = matchGuardOf(compiled.match, constants);
        if (guard === undefined) continue;
        for (const resource of snapshot.resources) {
          if (resource.kind !== compiled.rule.kind) continue;
          if (!guard(resourceRoots(resource, snapshot.window, {}))) continue;
          skipped++;
          expect({
            rule: compiled.rule.id,
            id: resource.id,
            match: referenceMatch(compiled, snapshot, resource),
          }).toEqual({
            rule: compiled.rule.id,
            id: resource.id,
            match: false,
          });
        }
      }
    }
    expect(skipped).toBeGreaterThan(10_000);
  });

  it('leaves findings, errors and their order exactly as evaluating every match with CEL does', () => {
    for (const snapshot of snapshots) {
      const guarded = evaluateSnapshot(snapshot, rules);
      expect(guarded).toEqual(evaluateSnapshot(snapshot, rules.map(unguarded)));
      expect(guarded.findings.length).toBeGreaterThan(0);
    }
    expect(evaluateSnapshot(snapshots[1] as Snapshot, rules).errors.length).toBeGreaterThan(0);
  });
});

describe('matchGuardOf', () => {
  const guardOf = (match: string, params: Record<string, unknown> = {}) =>
    matchGuardOf(compileCel(match), { params, window: { days: 30 }, ladders: {} });
  const roots = (facts: Record<string, unknown>, config: Record<string, unknown> = {}) => ({
    resource: { facts, config },
    facts,
  });

  it('proves a conjunction false from any one decidable conjunct', () => {
    const guard = guardOf("has(facts.a) && facts.b > params.min && resource.config.s in ['UI', 'API']", { min: 2 });
    expect(guard?.(roots({ b: 3 }, { s: 'UI' }))).toBe(true);
    expect(guard?.(roots({ a: null, b: 3 }, { s: 'UI' }))).toBe(true);
    expect(guard?.(roots({ a: 1, b: 2 }, { s: 'UI' }))).toBe(true);
    expect(guard?.(roots({ a: 1, b: 3 }, { s: 'JOB' }))).toBe(true);
    expect(guard?.(roots({ a: 1, b: 3 }, { s: 'UI' }))).toBe(false);
  });

  it('leaves missing and mistyped values to CEL, which reports them', () => {
    const guard = guardOf('facts.b > 2 && resource.config.s == "x"');
    expect(guard?.(roots({}, { s: 'y' }))).toBe(true);
    expect(guard?.(roots({ b: '3' }, {}))).toBe(false);
    expect(guard?.(roots({ b: null }, { s: 7 }))).toBe(false);
  });

  it('decides negated presence, int literals and equality', () => {
    const guard = guardOf('!has(resource.config.c) && resource.config.t == 0 && facts.n != 1.5');
    expect(guard?.(roots({ n: 2 }, { c: true, t: 0 }))).toBe(true);
    expect(guard?.(roots({ n: 2 }, { t: 1 }))).toBe(true);
    expect(guard?.(roots({ n: 1.5 }, { t: 0 }))).toBe(true);
    expect(guard?.(roots({ n: 2 }, { c: null, t: 0 }))).toBe(false);
  });

  it('proves a disjunction false only when every operand is known false', () => {
    const guard = guardOf('facts.a > 1 || (facts.b > 1 && facts.c / facts.d > 1.0)');
    expect(guard?.(roots({ a: 1, b: 1 }))).toBe(true);
    expect(guard?.(roots({ a: 1, b: 2, c: 0, d: 1 }))).toBe(false);
    expect(guard?.(roots({ a: 2, b: 1 }))).toBe(false);
    expect(guard?.(roots({ b: 1 }))).toBe(false);
  });

  it('proves a negation false when its operand is known true', () => {
    const guard = guardOf('!(has(resource.config.s) && resource.config.m == 1) && resource.config.on');
    expect(guard?.(roots({}, { s: 'x', m: 1, on: true }))).toBe(true);
    expect(guard?.(roots({}, { m: 1, on: false }))).toBe(true);
    expect(guard?.(roots({}, { s: 'x', m: 2, on: true }))).toBe(false);
    expect(guard?.(roots({}, { s: 'x', m: 1, on: 'yes' }))).toBe(true);
    expect(guard?.(roots({}, { m: 1, on: 'yes' }))).toBe(false);
  });

  it('decides exists and all over a list from every element, with the element bound to the variable', () => {
    const exists = guardOf('resource.config.tasks.exists(t, has(t.r) && t.r > params.max)', { max: 3 });
    const tasks = (...r: unknown[]) => roots({}, { tasks: r.map((x) => (x === undefined ? {} : { r: x })) });
    expect(exists?.(tasks(1, undefined, 3))).toBe(true);
    expect(exists?.(tasks())).toBe(true);
    expect(exists?.(tasks(1, 4))).toBe(false);
    expect(exists?.(tasks(1, '9'))).toBe(false);
    expect(exists?.(roots({}, { tasks: 'none' }))).toBe(false);
    const all = guardOf('resource.config.tasks.all(t, t.r > 0) && facts.n > 1', {});
    expect(all?.(tasks(1, 0))).toBe(true);
    expect(all?.(tasks(1, 2))).toBe(false);
    expect(all?.(tasks(1, undefined, 0))).toBe(true);
    expect(all?.(tasks(1, undefined))).toBe(false);
  });

  it('decides map membership, map index and a blank trimmed text the way @bufbuild/cel does', () => {
    const match = "params.required.exists(k, !(k in resource.tags) || resource.tags[k].trim() == '')";
    const guard = guardOf(match, { required: ['owner', 'team'] });
    const run = compileCel(match);
    const values = ['x', ' a ', '', ' ', '\u3000', '\u00a0b\u2028', '\t\n', '-', 'é', null];
    let decided = 0;
    for (const owner of values) {
      for (const team of values) {
        const tags = { owner, team };
        const skip = guard?.({ resource: { tags }, facts: {} });
        const cel = run({ resource: { tags }, params: { required: ['owner', 'team'] } });
        // Skipped only where CEL says false; every pair of texts with a letter or digit is skipped.
        if (skip === true) {
          decided++;
          expect({ tags, cel }).toEqual({ tags, cel: false });
        }
        if (/[a-z]/.test(String(owner ?? '')) && /[a-z]/.test(String(team ?? ''))) {
          expect({ tags, skip }).toEqual({ tags, skip: true });
        }
      }
    }
    expect(decided).toBeGreaterThan(0);
    expect(guard?.({ resource: { tags: { team: 'a' } }, facts: {} })).toBe(false);
  });

  it('has no guard for what it cannot read: comprehensions, functions, arithmetic', () => {
    expect(guardOf("resource.tags.exists(k, k.startsWith('x'))")).toBeUndefined();
    expect(guardOf("resource.name.startsWith('a') || facts.a * 2.0 > 1.0")).toBeUndefined();
  });
});
