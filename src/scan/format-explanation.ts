import type { Finding } from '../findings/finding.ts';
import { MAD_TO_SIGMA } from '../stats/robust-z.ts';
import { formatValue } from '../tickets/format-values.ts';
import { PERIOD_MARK, sparkline } from '../tickets/sparkline.ts';
import type { ConditionResult, ExplainedSeries, Explanation } from './explain-finding.ts';

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
