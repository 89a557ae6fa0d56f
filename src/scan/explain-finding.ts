import type { Finding } from '../findings/finding.ts';
import { fingerprintOf } from '../findings/fingerprint.ts';
import { compileCel } from '../rules/cel.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { evaluateSnapshot, readFact } from '../rules/evaluate-snapshot.ts';
import { pricesByCloud, readPath, resourceRoots } from '../rules/evaluation-roots.ts';
import type { Resource, Snapshot } from '../snapshot/schema.ts';
import { SERIES } from '../stats/baseline-facts.ts';
import { madOf } from '../stats/median.ts';
import { splitDaily } from '../stats/periods.ts';
import { MAD_TO_SIGMA, robustCompare } from '../stats/robust-z.ts';
import { theilSenSlope } from '../stats/theil-sen.ts';
import { formatValue } from '../tickets/format-values.ts';
import { PERIOD_MARK, sparkline } from '../tickets/sparkline.ts';

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

/**
 * Renders an Explanation as plain text lines for the terminal: rule, resource, conditions (✓ held, ✗ did not
 * hold, ! error), evidence, params and the savings floor, estimate, and for anomaly findings the series (a
 * compact dated table, 7 days a row for daily series, one row per run day for per-run series) with its
 * sparklines and statistics.
 */
export function formatExplanation(explanation: Explanation): string[] {
  switch (explanation.status) {
    case 'unknown':
      return [
        `fingerprint ${explanation.fingerprint} is unknown: none of the ${explanation.rules} rules × ${explanation.resources} resources of this snapshot has it (check the lw-fp- label, the snapshot and rules.directory).`,
      ];
    case 'not-matched': {
      const { resource } = explanation;
      const why =
        explanation.reason === 'error'
          ? `the rule failed on it: ${explanation.message ?? ''}`
          : explanation.reason === 'below-minimum'
            ? 'the rule matched, but its estimated savings are under the savings floor (rules.minMonthlySavingsUsd)'
            : 'the rule did not match it';
      return [
        `no finding has fingerprint ${explanation.fingerprint}: it belongs to rule ${explanation.ruleId} on ${resource.kind} ${resource.id} (${resource.name}, workspace ${resource.workspaceId}): ${why}. The rule matched ${explanation.ruleFindings} resources in this snapshot.`,
        ...formatConditions(explanation.conditions),
      ];
    }
    case 'found':
      return formatFound(explanation);
  }
}

function formatFound(explanation: Extract<Explanation, { status: 'found' }>): string[] {
  const { finding } = explanation;
  const r = finding.resource;
  const lines = [
    `Finding ${finding.fingerprint}: ${finding.ruleTitle}`,
    `  rule      ${finding.ruleId} (${finding.category}, ${finding.severity})`,
    `  resource  ${r.kind} ${r.id} "${r.name}" in workspace ${r.workspaceId}`,
    `  window    ${finding.window.start} … ${finding.window.end} (${finding.window.days} days)`,
    '',
    ...formatConditions(explanation.conditions),
    '',
    'Evidence:',
    ...finding.evidence.map(
      (e) =>
        `  ${e.label} (${e.fact}): ${formatValue(e.value)} ${e.unit}${e.threshold === undefined ? '' : ` — threshold: ${e.threshold}`}`,
    ),
    '',
    'Params:',
    ...explanation.params.map(
      (p) =>
        `  ${p.name} = ${formatValue(p.value)}${p.unit === undefined ? '' : ` ${p.unit}`}${p.description === undefined ? '' : ` — ${p.description.trim()}`}`,
    ),
    finding.excessCost === undefined
      ? `  savings floor to file (cost rules): ${formatValue(explanation.minMonthlySavingsUsd)} USD/month`
      : '  savings floor: does not apply (excess-cost finding; the rule has its own minimum excess)',
    '',
    ...estimateLines(finding),
  ];
  if (explanation.series !== null) lines.push('', ...formatSeries(explanation.series, finding, explanation.totalDays));
  return lines;
}

/** The savings estimate (with its basis, sharing and cap) or the excess cost (docs/savings.md). */
function estimateLines(finding: Finding): string[] {
  if (finding.excessCost !== undefined) {
    return [
      `Excess cost: ${formatValue(finding.excessCost.usdPerMonth)} USD/month (not a saving) — ${finding.excessCost.formula}`,
    ];
  }
  const e = finding.estimate;
  const lines = [
    `Estimate: ${formatValue(e.usdPerMonth)} USD/month at ${e.price ?? 'list'} cost, savings basis ${e.basis ?? 'none'} — ${e.formula}`,
  ];
  if (e.includedIn !== undefined) {
    lines.push(
      `  included in ${e.includedIn}: same resource and basis (this rule alone: ${formatValue(e.grossUsdPerMonth)} USD/month)`,
    );
  }
  if (e.cappedAtUsdPerMonth !== undefined) {
    lines.push(
      `  capped at the resource's cost scaled to a month: ${formatValue(e.cappedAtUsdPerMonth)} USD/month (this rule alone: ${formatValue(e.grossUsdPerMonth)} USD/month)`,
    );
  }
  return lines;
}

function formatConditions(conditions: readonly ConditionResult[]): string[] {
  return [
    'Conditions (rule match, each top-level condition on its own):',
    ...conditions.map((c) => {
      const mark = c.held === 'error' ? '!' : c.held ? '✓' : '✗';
      const state = c.held === 'error' ? `error: ${c.message ?? ''}` : c.held ? 'held' : 'did not hold';
      const values = c.values.map((v) => `${v.path} = ${formatValue(v.value)}`).join(', ');
      return `  ${mark} ${c.expr.replace(/\s+/g, ' ')} — ${state}${values === '' ? '' : ` [${values}]`}`;
    }),
  ];
}

function formatSeries(series: ExplainedSeries, finding: Finding, totalDays: number): string[] {
  const lines = [`Series ${series.name}: ${series.label} (${series.unit})`];
  lines.push(
    series.perRun
      ? '  from        to          period           runs (oldest first; * = older configuration version, not compared)'
      : '  from        to          period           values (one per day; │ = start of the window)',
  );
  // Rows of 7 days counted back from the last day (as the weekly chart), a shorter first row.
  for (let from = 0; from < totalDays; ) {
    const to = Math.min(totalDays, from + (from === 0 && totalDays % 7 !== 0 ? totalDays % 7 : 7));
    const row = series.points.filter((p) => p.day >= from && p.day < to);
    from = to;
    if (row.length === 0) continue;
    const periods = [...new Set(row.map((p) => p.period))].join('+');
    let values = '';
    for (const [i, p] of row.entries()) {
      const previous = row[i - 1];
      const boundary = previous !== undefined && previous.period === 'baseline' && p.period !== 'baseline';
      values += `${i === 0 ? '' : boundary ? ` ${PERIOD_MARK} ` : ' '}${formatNumber(p.value)}${p.compared === false ? '*' : ''}`;
    }
    lines.push(`  ${row[0]?.date ?? ''}  ${row.at(-1)?.date ?? ''}  ${periods.padEnd(15)}  ${values}`);
  }
  const baselineCount = series.points.filter((p) => p.period === 'baseline').length;
  const bars = sparkline(series.points.map((p) => p.value));
  lines.push(
    `  ${series.perRun ? 'per run' : 'daily'}: ${bars.slice(0, baselineCount)}${PERIOD_MARK}${bars.slice(baselineCount)}`,
  );
  const versions = [...new Set(series.points.map((p) => p.configVersion).filter((v) => v !== undefined))];
  if (versions.length > 0) {
    lines.push(
      `  configuration versions seen: ${versions.map((v) => `v${v}`).join(', ')} (compared: v${versions.at(-1)})`,
    );
  }
  if (finding.chart !== undefined && finding.chart.weeks.length > 0) {
    const bars = sparkline(finding.chart.weeks.map((w) => w.median));
    let drawn = '';
    for (const [i, week] of finding.chart.weeks.entries()) {
      if (i > 0 && week.period === 'window' && finding.chart.weeks[i - 1]?.period === 'baseline') drawn += PERIOD_MARK;
      drawn += bars[i] ?? '';
    }
    lines.push(
      `  weekly medians (7-day buckets, the last = recent): ${drawn}  ${finding.chart.weeks.map((w) => `${w.start}=${formatNumber(w.median)}`).join(' ')}`,
    );
  }
  const s = series.statistics;
  if (s === null) {
    lines.push(
      '  statistics: not computable (the series does not cover the baseline and window, or a period is empty)',
    );
    return lines;
  }
  lines.push(
    'Statistics:',
    `  baseline median      ${formatNumber(s.baselineMedian)} ${series.unit} (${s.baselinePoints} ${series.perRun ? 'runs' : 'days'})`,
    `  baseline MAD         ${formatNumber(s.baselineMad)} (× ${MAD_TO_SIGMA} = ${formatNumber(MAD_TO_SIGMA * s.baselineMad)}); scale used ${formatNumber(s.scale)}`,
    `  recent median        ${formatNumber(s.recentMedian)} ${series.unit} (${s.recentPoints} ${series.perRun ? 'runs' : 'days'})`,
    `  factor               ${s.factor === null ? '—' : `${formatNumber(s.factor)} ×`} (recent / baseline median)`,
    `  robust z-score       ${Number.isFinite(s.robustZ) ? s.robustZ.toFixed(1) : String(s.robustZ)} ((recent − baseline median) / scale)`,
    `  Theil–Sen slope      ${s.trendPerDay === null ? '—' : formatNumber(s.trendPerDay)} ${series.unit} per day over the window`,
  );
  if (s.excludedRuns !== undefined)
    lines.push(`  runs excluded        ${s.excludedRuns} (older configuration version)`);
  return lines;
}

/** Up to 4 significant figures, no separators (compact table cells). */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return String(Number(value.toPrecision(4)));
}
