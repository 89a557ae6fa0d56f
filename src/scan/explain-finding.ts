import type { Finding } from '../findings/finding.ts';
import { fingerprintOf } from '../findings/fingerprint.ts';
import { readFact } from '../rules/build-finding.ts';
import { compileCel } from '../rules/cel.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { evaluateSnapshot } from '../rules/evaluate-snapshot.ts';
import { pricesByCloud, readPath, resourceRoots } from '../rules/evaluation-roots.ts';
import type { Resource, Snapshot } from '../snapshot/schema.ts';
import { SERIES } from '../stats/baseline-facts.ts';
import { madOf } from '../stats/median.ts';
import { splitDaily } from '../stats/periods.ts';
import { robustCompare } from '../stats/robust-z.ts';
import { theilSenSlope } from '../stats/theil-sen.ts';

const DAY_MS = 86_400_000;

/** One top-level conjunct of a rule's `match`, evaluated on its own. */
export interface ConditionResult {
  /** The CEL text of the conjunct. */
  expr: string;
  /** true / false, or `error` with the CEL message (e.g. a fact the resource does not have). */
  held: boolean | 'error';
  message?: string;
  /** Values of the dotted paths the conjunct reads (`facts.x`, `params.y`), as bound for the rule. */
  values: Array<{ path: string; value: unknown }>;
}

/**
 * Statistics of the series behind an anomaly finding, recomputed from the series itself (src/stats):
 * baseline vs recent period, in the unit of the series (USD/day, DBU/day, statements/day or seconds per run).
 */
export interface SeriesStatistics {
  baselineMedian: number;
  /** Unscaled MAD of the baseline period. */
  baselineMad: number;
  recentMedian: number;
  /** The divisor of z: max(1.4826 × MAD, 5 % of the baseline median, count floor for counts). */
  scale: number;
  robustZ: number;
  /** Recent median / baseline median; null when the baseline median is 0. */
  factor: number | null;
  /** Theil–Sen slope over the window, unit per day; null with fewer than two points. */
  trendPerDay: number | null;
  baselinePoints: number;
  recentPoints: number;
  /** Per-run series only: runs left out because they ran under an older configuration version. */
  excludedRuns?: number;
}

/** One point of the series behind the finding, dated. */
export interface SeriesPoint {
  /** Day index into the daily series (0 = Snapshot.baseline.start). */
  day: number;
  date: string;
  value: number;
  period: 'baseline' | 'window' | 'recent';
  /** Per-run series: the run's configuration version and whether it is compared (current version). */
  configVersion?: number;
  compared?: boolean;
}

/** The series behind a finding: its name, unit and dated points, and the statistics computed from it. */
export interface ExplainedSeries {
  name: string;
  label: string;
  unit: string;
  perRun: boolean;
  points: SeriesPoint[];
  statistics: SeriesStatistics | null;
}

/** What `scan --explain` found for a fingerprint. */
export type Explanation =
  | {
      status: 'found';
      finding: Finding;
      conditions: ConditionResult[];
      series: ExplainedSeries | null;
      /** Days the daily series cover (baseline + window); 0 without a baseline period. */
      totalDays: number;
      minMonthlySavingsUsd: number;
      params: Array<{ name: string; value: unknown; unit?: string | undefined; description?: string | undefined }>;
    }
  | {
      /** The fingerprint is a rule × resource pair of this snapshot, but the rule did not file it. */
      status: 'not-matched';
      fingerprint: string;
      ruleId: string;
      resource: { kind: string; id: string; name: string; workspaceId: string };
      reason: 'conditions' | 'below-minimum' | 'error';
      ruleFindings: number;
      conditions: ConditionResult[];
      message?: string;
    }
  | { status: 'unknown'; fingerprint: string; rules: number; resources: number };

/**
 * Explains one finding of a scan (`lakewarden scan --explain <fingerprint>`): evaluates the rules on the
 * snapshot, finds the finding whose fingerprint is `fingerprint`, and recomputes what it rests on: each
 * top-level condition of the rule's `match` on its own (held or not, with the values it read), the series
 * behind an anomaly finding with dates, and its statistics. When no finding has the fingerprint, says
 * whether it belongs to a rule × resource of the snapshot that did not match, or is unknown. Pure.
 */
export function explainFinding(snapshot: Snapshot, rules: readonly CompiledRule[], fingerprint: string): Explanation {
  const wanted = fingerprint
    .trim()
    .toLowerCase()
    .replace(/^lw-fp-/, '');
  const evaluation = evaluateSnapshot(snapshot, rules);
  const finding = evaluation.findings.find((f) => f.fingerprint === wanted);
  for (const compiled of rules) {
    for (const resource of snapshot.resources) {
      if (resource.kind !== compiled.rule.kind || fingerprintOf(compiled.rule.id, resource) !== wanted) continue;
      const conditions = explainConditions(snapshot, compiled, resource);
      if (finding !== undefined) {
        return {
          status: 'found',
          finding,
          conditions,
          series: explainSeries(snapshot, compiled, resource),
          totalDays: snapshot.baseline === undefined ? 0 : snapshot.baseline.days + snapshot.window.days,
          minMonthlySavingsUsd: compiled.minMonthlySavingsUsd,
          params: Object.entries(compiled.params).map(([name, value]) => ({
            name,
            value,
            unit: compiled.rule.params[name]?.unit,
            description: compiled.rule.params[name]?.description,
          })),
        };
      }
      const error = evaluation.errors.find((e) => e.ruleId === compiled.rule.id && e.resourceId === resource.id);
      const matched = conditions.every((c) => c.held === true);
      return {
        status: 'not-matched',
        fingerprint: wanted,
        ruleId: compiled.rule.id,
        resource: { kind: resource.kind, id: resource.id, name: resource.name, workspaceId: resource.workspaceId },
        reason: error !== undefined ? 'error' : matched ? 'below-minimum' : 'conditions',
        ruleFindings: evaluation.findings.filter((f) => f.ruleId === compiled.rule.id).length,
        conditions,
        ...(error === undefined ? {} : { message: error.message }),
      };
    }
  }
  return { status: 'unknown', fingerprint: wanted, rules: rules.length, resources: snapshot.resources.length };
}

/**
 * Splits a CEL expression at its top-level `&&` (outside brackets and string literals). An expression with a
 * top-level `||` or `?:` is returned whole, since its conjuncts alone would not mean what the rule means.
 */
export function splitConjuncts(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && (ch === '?' || (ch === '|' && expr[i + 1] === '|'))) return [expr.trim()];
    else if (depth === 0 && ch === '&' && expr[i + 1] === '&') {
      parts.push(expr.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(expr.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** Evaluates each top-level conjunct of the rule's match on the resource with the same variables as a scan. */
function explainConditions(snapshot: Snapshot, compiled: CompiledRule, resource: Resource): ConditionResult[] {
  const cloud = snapshot.workspaces.find((w) => w.id === resource.workspaceId)?.cloud;
  const prices = pricesByCloud(snapshot).get(cloud ?? '') ?? {};
  const roots: Record<string, unknown> = {
    ...resourceRoots(resource, snapshot.window, prices),
    params: compiled.params,
  };
  return splitConjuncts(compiled.rule.match).map((expr) => {
    let program: ReturnType<typeof compileCel>;
    try {
      program = compileCel(expr);
    } catch (error) {
      return { expr, held: 'error' as const, message: (error as Error).message, values: [] };
    }
    const values = program.paths.map((path) => ({ path, value: readPath(roots, path.split('.')) }));
    try {
      const result = program(roots);
      return { expr, held: result === true, values };
    } catch (error) {
      return { expr, held: 'error' as const, message: (error as Error).message, values };
    }
  });
}

/**
 * The series of the rule's chart for this resource, dated, with its statistics: daily series compare the
 * recent period's median with the baseline period's (robust-z.ts); per-run series compare only runs with the
 * latest configuration version, as jobBaselineFacts does. null when the rule has no chart or the snapshot no
 * baseline period or the resource lacks the series.
 */
function explainSeries(snapshot: Snapshot, compiled: CompiledRule, resource: Resource): ExplainedSeries | null {
  const spec = compiled.rule.chart;
  const baseline = snapshot.baseline;
  if (spec === undefined || baseline === undefined) return null;
  const name = spec.series.replace(/\{([a-zA-Z0-9_]+)\}/g, (_w, fact: string) => String(readFact(resource, fact)));
  const values = resource.series?.[name];
  if (values === undefined) return null;
  const periods = { baselineDays: baseline.days, windowDays: snapshot.window.days, recentDays: baseline.recentDays };
  const total = periods.baselineDays + periods.windowDays;
  const recentStart = total - periods.recentDays;
  const startMs = Date.parse(`${baseline.start}T00:00:00Z`);
  const dateOf = (day: number) => new Date(startMs + day * DAY_MS).toISOString().slice(0, 10);
  const periodOf = (day: number): SeriesPoint['period'] =>
    day >= recentStart ? 'recent' : day >= periods.baselineDays ? 'window' : 'baseline';
  const base = { name, label: spec.label, unit: spec.unit };
  if (spec.dayIndex !== undefined) {
    const days = resource.series?.[spec.dayIndex];
    if (days === undefined) return null;
    const versions = resource.series?.[SERIES.runConfigVersion];
    const latest = versions?.at(-1);
    const points: SeriesPoint[] = values.map((value, i) => {
      const day = days[i] ?? 0;
      const version = versions?.[i];
      return {
        day,
        date: dateOf(day),
        value,
        period: periodOf(day),
        ...(version === undefined ? {} : { configVersion: version, compared: version === latest }),
      };
    });
    const compared = points.filter((p) => p.compared !== false);
    const baselineValues = compared.filter((p) => p.day < periods.baselineDays).map((p) => p.value);
    const recentValues = compared.filter((p) => p.day >= recentStart).map((p) => p.value);
    const windowPoints = compared.filter((p) => p.day >= periods.baselineDays);
    return {
      ...base,
      perRun: true,
      points,
      statistics: statisticsOf(
        baselineValues,
        recentValues,
        theilSenSlope(
          windowPoints.map((p) => p.value),
          windowPoints.map((p) => p.day),
        ),
        false,
        points.length - compared.length,
      ),
    };
  }
  const parts = splitDaily(values, periods);
  const counts = name === SERIES.queryCount || name.startsWith(SERIES.failedQueriesPrefix);
  return {
    ...base,
    perRun: false,
    points: values.map((value, day) => ({ day, date: dateOf(day), value, period: periodOf(day) })),
    statistics: parts === null ? null : statisticsOf(parts.baseline, parts.recent, theilSenSlope(parts.window), counts),
  };
}

function statisticsOf(
  baseline: readonly number[],
  recent: readonly number[],
  trendPerDay: number | null,
  counts: boolean,
  excludedRuns?: number,
): SeriesStatistics | null {
  const comparison = robustCompare(baseline, recent, { counts });
  if (comparison === null) return null;
  return {
    baselineMedian: comparison.baselineMedian,
    baselineMad: madOf(baseline) ?? 0,
    recentMedian: comparison.recentMedian,
    scale: comparison.scale,
    robustZ: comparison.robustZ,
    factor: comparison.baselineMedian !== 0 ? comparison.recentMedian / comparison.baselineMedian : null,
    trendPerDay,
    baselinePoints: baseline.length,
    recentPoints: recent.length,
    ...(excludedRuns === undefined ? {} : { excludedRuns }),
  };
}
