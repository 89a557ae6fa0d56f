import { applyEffectivePrices } from '../findings/apply-effective-prices.ts';
import type { Finding } from '../findings/finding.ts';
import { resourceKeyOf, shareSavings } from '../findings/share-savings.ts';
import type { ProgressPort } from '../logging/progress-port.ts';
import type { NegotiatedPrices } from '../snapshot/negotiated-prices.ts';
import type { Resource, Snapshot, SnapshotHeader } from '../snapshot/schema.ts';
import { buildFinding } from './build-finding.ts';
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
