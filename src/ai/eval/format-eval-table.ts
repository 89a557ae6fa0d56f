import { formatTable } from '../../document/format-table.ts';
import type { CaseOutcome } from './case-outcome.ts';
import type { CaseResult, EvalAgent, RecordingOrigin } from './run-eval.ts';

const AGENTS: readonly EvalAgent[] = ['analysis', 'cost', 'reliability'];
const ORIGINS: readonly RecordingOrigin[] = ['authored', 'recorded'];

/**
 * The score table of `lakewarden ai eval`: one row per case (agent, recording origin, the judge's expected
 * verdict, produced, passed/total expectation checks, score %, grounded % from the deterministic judge,
 * model-judge accuracy and helpfulness or `—`, outcome `ok` / `REGRESSION`, first failed check or error), then
 * one summary line per agent and origin over the positive cases — authored and recorded recordings are never
 * averaged together, and negative cases (expected to fail the judge) are counted apart, never averaged in.
 * `outcomes` are in the order of `results`.
 */
export function formatEvalTable(results: readonly CaseResult[], outcomes: readonly CaseOutcome[]): string {
  const rows = results.map((r, i) => [
    r.id,
    r.agent,
    r.origin,
    outcomes[i]?.expected ?? 'pass',
    r.produced ? 'yes' : 'no',
    `${r.checks.filter((c) => c.passed).length}/${r.checks.length}`,
    percent(r.score),
    percent(r.grounded),
    r.judge === undefined ? '—' : String(r.judge.accuracy),
    r.judge === undefined ? '—' : String(r.judge.helpfulness),
    outcomes[i]?.ok === true ? 'ok' : 'REGRESSION',
    outcomes[i]?.ok === false
      ? outcomes[i].reason
      : (r.error ?? r.checks.find((c) => !c.passed)?.name ?? r.groundingChecks.find((c) => !c.passed)?.name ?? ''),
  ]);
  const summary: string[] = [];
  for (const agent of AGENTS)
    for (const origin of ORIGINS) {
      const group = results.filter(
        (r, i) => r.agent === agent && r.origin === origin && outcomes[i]?.expected !== 'fail',
      );
      if (group.length === 0) continue;
      summary.push(
        `${agent} (${origin}): mean score ${percent(mean(group.map((r) => r.score)))}, grounded ${percent(mean(group.map((r) => r.grounded)))} over ${group.length} case${group.length === 1 ? '' : 's'}`,
      );
    }
  const negative = outcomes.filter((o) => o.expected === 'fail');
  if (negative.length > 0)
    summary.push(
      `negative cases (the judge must fail them): ${negative.filter((o) => o.ok).length} of ${negative.length} failed as expected`,
    );
  const regressions = outcomes.filter((o) => !o.ok).length;
  summary.push(regressions === 0 ? 'regressions: none' : `regressions: ${regressions}`);
  const recorded = results.filter((r) => r.origin === 'recorded').length;
  if (recorded === 0) summary.push('recorded: none yet (record with `lakewarden ai eval --record` against a provider)');
  return [
    formatTable(
      [
        'case',
        'agent',
        'origin',
        'verdict',
        'produced',
        'checks',
        'score',
        'grounded',
        'accuracy',
        'helpful',
        'outcome',
        'first failure',
      ],
      rows,
      new Set([5, 6, 7, 8, 9]),
    ),
    '',
    ...summary,
  ].join('\n');
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
