import { applyEffectivePrices } from '../findings/apply-effective-prices.ts';
import type { EvidenceItem, Finding, FindingChart } from '../findings/finding.ts';
import { fingerprintOf } from '../findings/fingerprint.ts';
import { resourceUrlOf } from '../findings/resource-link.ts';
import { resourceKeyOf, shareSavings } from '../findings/share-savings.ts';
import type { ProgressPort } from '../logging/progress-port.ts';
import { STRATEGIES } from '../remediation/registry.ts';
import type { NegotiatedPrices } from '../snapshot/negotiated-prices.ts';
import type { Resource, Snapshot, SnapshotHeader } from '../snapshot/schema.ts';
import { weeklyMedians } from '../stats/weekly-chart.ts';
import type { CompiledRule } from './compile-rule.ts';
import { isConstantPath, pricesByCloud, ruleConstants } from './evaluation-roots.ts';
import { type MatchGuard, matchGuardOf } from './match-guard.ts';
import { programPaths, ResourceVariables, ruleBindings } from './rule-bindings.ts';

/** A rule that failed on one resource: the scan goes on and reports it. */
export interface RuleError {
  ruleId: string;
  resourceId: string;
  message: string;
}

export interface EvaluationResult {
  findings: Finding[];
  errors: RuleError[];
  /** Cost findings dropped because their savings estimate was under the rule's floor (USD/month). */
  belowMinimum: number;
}

/**
 * Evaluates every compiled rule on every resource of its kind. Pure and synchronous.
 * A rule whose CEL fails on a resource (e.g. a missing field) is reported in `errors`, never fatal.
 * Findings and errors are ordered by rule (in the order given), then by resource (snapshot order).
 * Savings findings of the `cost` category whose own estimate is under the rule's floor are dropped (counted
 * in `belowMinimum`); excess-cost findings are never dropped by that floor. The findings kept then share
 * savings per resource and basis and are capped at the resource's cost (`shareSavings`, docs/savings.md).
 * Amounts are at list price; with `options.negotiated`, each also gets its effective amount (applyEffectivePrices).
 *
 * Performance: each rule's variables are bound once per scan (rule-bindings.ts); a resource's variables are
 * converted to CEL values on first read and shared by all rules of its kind (@bufbuild/cel otherwise re-wraps
 * a plain object into a new map on every variable access).
 */
export function evaluateSnapshot(
  snapshot: Snapshot,
  rules: readonly CompiledRule[],
  progress?: ProgressPort,
  options: { negotiated?: NegotiatedPrices | undefined } = {},
): EvaluationResult {
  const kinds = new Set(rules.map((r) => r.rule.kind as string));
  const size = snapshot.resources.reduce((n, r) => (kinds.has(r.kind) ? n + 1 : n), 0);
  const evaluation = createEvaluation(snapshot, rules, { progress, size, negotiated: options.negotiated });
  for (const resource of snapshot.resources) evaluation.add(resource);
  const { findings, errors, belowMinimum } = evaluation.finish();
  return { findings, errors, belowMinimum };
}

/** What an incremental evaluation returns: the result of evaluateSnapshot plus what it saw. */
export interface StreamedEvaluationResult extends EvaluationResult {
  /** Resources added. */
  resources: number;
  /** With `keepResources`: the resources that have at least one finding, in the order added; else empty. */
  findingResources: Resource[];
}

/** An evaluation fed one resource at a time (a streamed snapshot): `add` each, then `finish` once. */
export interface Evaluation {
  add(resource: Resource): void;
  finish(): StreamedEvaluationResult;
}

/**
 * Starts an evaluation of `rules` over resources given one at a time, with the snapshot header's window,
 * baseline, workspaces and prices. Same findings, in the same order, as evaluateSnapshot on the same resources
 * (which is built on it); memory is the findings (and, with `keepResources`, their resources), not the snapshot.
 * @param options.size resources to come when known (for the progress total), else undefined
 * @param options.keepResources keep the resources that have a finding (a sync that writes needs them)
 * @param options.negotiated the account's negotiated prices: each finding also gets its effective amount
 */
export function createEvaluation(
  header: SnapshotHeader,
  rules: readonly CompiledRule[],
  options: {
    progress?: ProgressPort | undefined;
    size?: number | undefined;
    keepResources?: boolean;
    negotiated?: NegotiatedPrices | undefined;
  } = {},
): Evaluation {
  const snapshot = header;
  const progress = options.progress;
  const prices = pricesByCloud(snapshot);
  const cloudOf = new Map(snapshot.workspaces.map((w) => [w.id, w.cloud]));
  const perRule = rules.map(() => ({ findings: [] as Finding[], errors: [] as RuleError[], belowMinimum: 0 }));
  const kinds = new Map<
    string,
    {
      variables: ResourceVariables;
      rules: Array<{
        index: number;
        compiled: CompiledRule;
        bindings: Record<string, unknown>;
        guard: MatchGuard | undefined;
      }>;
    }
  >();
  const pathsByKind = new Map<string, Set<string>>();
  for (const compiled of rules) {
    const paths = pathsByKind.get(compiled.rule.kind) ?? new Set<string>();
    for (const path of programPaths(compiled)) if (!isConstantPath(path)) paths.add(path);
    pathsByKind.set(compiled.rule.kind, paths);
  }
  for (const [index, compiled] of rules.entries()) {
    let kind = kinds.get(compiled.rule.kind);
    if (kind === undefined) {
      kind = {
        variables: new ResourceVariables(pathsByKind.get(compiled.rule.kind) ?? [], snapshot.window),
        rules: [],
      };
      kinds.set(compiled.rule.kind, kind);
    }
    const constants = ruleConstants(compiled.params, snapshot.window);
    kind.rules.push({
      index,
      compiled,
      bindings: ruleBindings(compiled, kind.variables, snapshot),
      guard: matchGuardOf(compiled.match, constants),
    });
  }
  progress?.start('evaluate', options.size);
  const monthlyCost = new Map<string, number>();
  const findingResources: Resource[] = [];
  // Resources with a finding are kept for the sync that writes, and for the effective prices of their findings.
  const keepResources = options.keepResources === true || options.negotiated !== undefined;
  let added = 0;
  return {
    add(resource) {
      added++;
      const kind = kinds.get(resource.kind);
      if (kind === undefined) return;
      progress?.advance();
      // Each variable is converted to a CEL value on first read, once for all rules of the kind.
      kind.variables.set(resource, prices.get(cloudOf.get(resource.workspaceId) ?? '') ?? {});
      let kept = false;
      const roots = kind.variables.roots;
      for (const { index, compiled, bindings, guard } of kind.rules) {
        const out = perRule[index];
        if (out === undefined) continue;
        // The guard skips CEL only where CEL would return false (match-guard.ts).
        if (guard?.(roots) === true) continue;
        try {
          if (compiled.match(bindings) !== true) continue;
          const finding = buildFinding(snapshot, compiled, resource, bindings);
          if (
            compiled.rule.category === 'cost' &&
            finding.excessCost === undefined &&
            finding.estimate.usdPerMonth < compiled.minMonthlySavingsUsd
          ) {
            out.belowMinimum++;
            continue;
          }
          out.findings.push(finding);
          kept = true;
        } catch (error) {
          out.errors.push({ ruleId: compiled.rule.id, resourceId: resource.id, message: (error as Error).message });
        }
      }
      if (!kept) return;
      // Savings are capped at the cost of resources with findings only, so only theirs is kept.
      const cost = (resource.facts as Record<string, unknown>).costUsd;
      if (typeof cost === 'number' && Number.isFinite(cost)) {
        monthlyCost.set(resourceKeyOf(resource), (cost * 30) / snapshot.window.days);
      }
      if (keepResources) findingResources.push(resource);
    },
    finish() {
      progress?.finish();
      const findings: Finding[] = [];
      const errors: RuleError[] = [];
      let belowMinimum = 0;
      for (const out of perRule) {
        for (const finding of out.findings) findings.push(finding);
        for (const error of out.errors) errors.push(error);
        belowMinimum += out.belowMinimum;
      }
      const shared = shareSavings(findings, (key) => monthlyCost.get(key) ?? null);
      return {
        findings: [...applyEffectivePrices(shared, { ...header, resources: findingResources }, options.negotiated)],
        errors,
        belowMinimum,
        resources: added,
        findingResources: options.keepResources === true ? findingResources : [],
      };
    },
  };
}

function buildFinding(
  snapshot: SnapshotHeader,
  compiled: CompiledRule,
  resource: Resource,
  bindings: Record<string, unknown>,
): Finding {
  const { rule } = compiled;
  const estimateValue = compiled.estimate(bindings);
  if (typeof estimateValue !== 'number' || !Number.isFinite(estimateValue)) {
    throw new Error(`estimate.expr returned ${JSON.stringify(estimateValue)}, expected a finite number`);
  }
  const args: Record<string, unknown> = {};
  for (const [name, program] of compiled.args) args[name] = program(bindings);
  const strategy = STRATEGIES.get(rule.remediation.strategy);
  if (strategy === undefined) throw new Error(`unknown strategy ${rule.remediation.strategy}`);
  const parsedArgs = strategy.args.safeParse(args);
  if (!parsedArgs.success) {
    throw new Error(
      `remediation.args do not fit ${strategy.name}: ${parsedArgs.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const plan = strategy.plan(resource, parsedArgs.data as never);
  const usdPerDbu =
    'usdPerDbu' in resource.facts && typeof resource.facts.usdPerDbu === 'number' ? resource.facts.usdPerDbu : null;
  const chart = chartOf(snapshot, rule, resource);
  return {
    fingerprint: fingerprintOf(rule.id, resource),
    ruleId: rule.id,
    ruleTitle: rule.title,
    category: rule.category,
    severity: compiled.severity,
    resource: {
      workspaceId: resource.workspaceId,
      kind: resource.kind,
      id: resource.id,
      name: resource.name,
      tags: resource.tags,
      owners: resource.owners,
      ...workspaceOf(snapshot, resource),
    },
    window: snapshot.window,
    evidence: evidenceOf(compiled, resource, bindings),
    ...estimateOf(rule, textsOf(compiled).formula, Math.max(0, Math.round(estimateValue * 100) / 100), usdPerDbu),
    plan: {
      strategy: strategy.name,
      autonomy: compiled.autonomy,
      args: parsedArgs.data as Record<string, unknown>,
      ...plan,
    },
    template: rule.template,
    params: textsOf(compiled).params,
    ...(chart === undefined ? {} : { chart }),
  };
}

/**
 * The evidence items of a finding: each declared item whose `when` holds (so an OR-branch of `match` that did
 * not fire shows neither its values nor its threshold), valued from its `expr` or its fact.
 * @throws Error when a `when` is not a bool or an `expr` returns something that is not a scalar or a list
 */
function evidenceOf(compiled: CompiledRule, resource: Resource, bindings: Record<string, unknown>): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const [i, spec] of compiled.rule.evidence.entries()) {
    const programs = compiled.evidence[i];
    if (programs?.when !== undefined) {
      const shown = programs.when(bindings);
      if (typeof shown !== 'boolean') throw new Error(`evidence.${i}.when returned ${JSON.stringify(shown)}`);
      if (!shown) continue;
    }
    items.push({
      fact: spec.fact,
      label: spec.label,
      value: programs?.expr === undefined ? readFact(resource, spec.fact) : evidenceValue(programs.expr(bindings), i),
      unit: spec.unit,
      ...(spec.threshold === undefined ? {} : { threshold: textsOf(compiled).thresholds[i] ?? spec.threshold }),
    });
  }
  return items;
}

function evidenceValue(value: unknown, index: number): EvidenceItem['value'] {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  throw new Error(`evidence.${index}.expr returned ${JSON.stringify(value)}, expected a scalar or a list`);
}

/** What every finding of one rule shows the same: its params as text, estimate formula and evidence thresholds. */
interface RuleTexts {
  params: Finding['params'];
  formula: string;
  thresholds: Array<string | undefined>;
}

const ruleTexts = new WeakMap<CompiledRule, RuleTexts>();

/**
 * The texts of a rule, made once per compiled rule and shared by its findings (read-only): a million-resource
 * scan would otherwise hold one copy of each per finding.
 */
function textsOf(compiled: CompiledRule): RuleTexts {
  const known = ruleTexts.get(compiled);
  if (known !== undefined) return known;
  const texts: RuleTexts = {
    params: Object.fromEntries(
      Object.entries(compiled.params).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.join(', ') : (v as number | string | boolean),
      ]),
    ),
    formula: interpolateParams(compiled.rule.estimate.formula, compiled.params),
    thresholds: compiled.rule.evidence.map((spec) =>
      spec.threshold === undefined ? undefined : interpolateParams(spec.threshold, compiled.params),
    ),
  };
  ruleTexts.set(compiled, texts);
  return texts;
}

/** The resource's workspace name and Databricks UI link, when the snapshot knows the workspace. */
function workspaceOf(snapshot: SnapshotHeader, resource: Resource): { workspaceName?: string; url?: string } {
  const workspace = snapshot.workspaces.find((w) => w.id === resource.workspaceId);
  if (workspace === undefined) return {};
  const url = resourceUrlOf(workspace.host, resource);
  return { workspaceName: workspace.name, ...(url === null ? {} : { url }) };
}

/** The finding's `estimate` (savings) and, for `estimate.type: excess`, its `excessCost`. */
function estimateOf(
  rule: CompiledRule['rule'],
  formula: string,
  usdPerMonth: number,
  usdPerDbu: number | null,
): Pick<Finding, 'estimate' | 'excessCost'> {
  if (rule.estimate.type === 'excess') {
    return {
      estimate: {
        usdPerMonth: 0,
        formula: 'No saving is estimated for an anomaly: its excess cost is shown separately.',
        usdPerDbu,
        basis: 'none',
        price: 'list',
      },
      excessCost: { usdPerMonth, formula },
    };
  }
  return { estimate: { usdPerMonth, formula, usdPerDbu, basis: rule.estimate.basis ?? 'none', price: 'list' } };
}

/**
 * The rule's chart for this resource: weekly medians of the named series (see weekly-chart.ts), or
 * undefined when the rule has no chart, the snapshot has no baseline period or the resource lacks the series.
 */
function chartOf(snapshot: SnapshotHeader, rule: CompiledRule['rule'], resource: Resource): FindingChart | undefined {
  const spec = rule.chart;
  if (spec === undefined || snapshot.baseline === undefined) return undefined;
  const name = spec.series.replace(/\{([a-zA-Z0-9_]+)\}/g, (_whole, fact: string) => String(readFact(resource, fact)));
  const values = resource.series?.[name];
  if (values === undefined) return undefined;
  const dayIndex = spec.dayIndex === undefined ? undefined : resource.series?.[spec.dayIndex];
  if (spec.dayIndex !== undefined && dayIndex === undefined) return undefined;
  const numberFact = (fact: string | undefined): number | null => {
    const value = fact === undefined ? null : readFact(resource, fact);
    return typeof value === 'number' ? value : null;
  };
  return {
    label: spec.label,
    unit: spec.unit,
    weeks: weeklyMedians(
      values,
      snapshot.baseline.start,
      snapshot.baseline.days + snapshot.window.days,
      snapshot.window.start,
      dayIndex,
    ),
    baselineMedian: numberFact(spec.baselineFact),
    recentMedian: numberFact(spec.recentFact),
  };
}

/** Reads `fact` from resource.facts, or a dotted path from the resource (e.g. `config.auto_stop_mins`). */
export function readFact(resource: Resource, fact: string): EvidenceItem['value'] {
  const path = fact.includes('.') ? fact.split('.') : ['facts', fact];
  let value: unknown = resource;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Replaces `{{params.name}}` with the param's value. */
export function interpolateParams(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{\{\s*params\.([a-zA-Z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
