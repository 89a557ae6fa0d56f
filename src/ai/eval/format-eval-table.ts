import { formatTable } from '../../document/format-table.ts';
import type { CaseResult, EvalAgent, RecordingOrigin } from './run-eval.ts';

const AGENTS: readonly EvalAgent[] = ['analysis', 'cost', 'reliability'];
const ORIGINS: readonly RecordingOrigin[] = ['authored', 'recorded'];

/**
 * The score table of `lakewarden ai eval`: one row per case (agent, recording origin, produced, passed/total
 * expectation checks, score %, grounded % from the deterministic judge, model-judge accuracy and helpfulness or
 * `—`, first failed check or error), then one summary line per agent and origin — authored and recorded
 * recordings are never averaged together.
 */
export function formatEvalTable(results: readonly CaseResult[]): string {
  const rows = results.map((r) => [
    r.id,
    r.agent,
    r.origin,
    r.produced ? 'yes' : 'no',
    `${r.checks.filter((c) => c.passed).length}/${r.checks.length}`,
    percent(r.score),
    percent(r.grounded),
    r.judge === undefined ? '—' : String(r.judge.accuracy),
    r.judge === undefined ? '—' : String(r.judge.helpfulness),
    r.error ?? r.checks.find((c) => !c.passed)?.name ?? r.groundingChecks.find((c) => !c.passed)?.name ?? '',
  ]);
  const summary: string[] = [];
  for (const agent of AGENTS)
    for (const origin of ORIGINS) {
      const group = results.filter((r) => r.agent === agent && r.origin === origin);
      if (group.length === 0) continue;
      summary.push(
        `${agent} (${origin}): mean score ${percent(mean(group.map((r) => r.score)))}, grounded ${percent(mean(group.map((r) => r.grounded)))} over ${group.length} case${group.length === 1 ? '' : 's'}`,
      );
    }
  const recorded = results.filter((r) => r.origin === 'recorded').length;
  if (recorded === 0) summary.push('recorded: none yet (record with `lakewarden ai eval --record` against a provider)');
  return [
    formatTable(
      ['case', 'agent', 'origin', 'produced', 'checks', 'score', 'grounded', 'accuracy', 'helpful', 'first failure'],
      rows,
      new Set([4, 5, 6, 7, 8]),
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
