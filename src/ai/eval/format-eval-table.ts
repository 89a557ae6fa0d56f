import { formatTable } from '../../scan/format-table.ts';
import type { CaseResult } from './run-eval.ts';

/**
 * The score table of `lakewarden ai eval`: one row per case (kind, produced, passed/total checks, score %,
 * judge accuracy and helpfulness or `—`, first failed check or error), then the mean score.
 */
export function formatEvalTable(results: readonly CaseResult[]): string {
  const rows = results.map((r) => [
    r.id,
    r.kind,
    r.produced ? 'yes' : 'no',
    `${r.checks.filter((c) => c.passed).length}/${r.checks.length}`,
    `${Math.round(r.score * 100)}%`,
    r.judge === undefined ? '—' : String(r.judge.accuracy),
    r.judge === undefined ? '—' : String(r.judge.helpfulness),
    r.error ?? r.checks.find((c) => !c.passed)?.name ?? '',
  ]);
  const mean = results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.score, 0) / results.length;
  return [
    formatTable(
      ['case', 'kind', 'produced', 'checks', 'score', 'accuracy', 'helpful', 'first failure'],
      rows,
      new Set([3, 4, 5, 6]),
    ),
    '',
    `mean score ${Math.round(mean * 100)}% over ${results.length} cases`,
  ].join('\n');
}
