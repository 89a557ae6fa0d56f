import type { EvidenceItem, Finding, FindingChart } from '../findings/finding.ts';
import { fingerprintOf } from '../findings/fingerprint.ts';
import { resourceUrlOf } from '../findings/resource-link.ts';
import { STRATEGIES } from '../remediation/registry.ts';
import type { Resource, SnapshotHeader } from '../snapshot/schema.ts';
import { weeklyMedians } from '../stats/weekly-chart.ts';
import type { CompiledRule } from './compile-rule.ts';

/**
 * The finding of one rule on one resource whose `match` held: the estimate (USD/month at list price, rounded
 * to cents, never below 0), the remediation plan from the strategy's validated args, the evidence, the weekly
 * chart and the texts of the rule. `bindings` are the rule's CEL variables for this resource (rule-bindings.ts).
 * @throws Error when the estimate is not a finite number, the strategy is unknown, the args do not fit the
 *   strategy or an evidence expression fails (the evaluation records it as a RuleError for this resource)
 */
export function buildFinding(
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
function interpolateParams(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{\{\s*params\.([a-zA-Z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
