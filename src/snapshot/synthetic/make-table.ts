import type { TableResource } from '../schema.ts';
import type { MakeContext } from './make-context.ts';
import { ENVIRONMENTS, STEMS } from './names.ts';
import { makeOwnership } from './ownership.ts';
import type { TableProblem } from './problems.ts';
import { round } from './rng.ts';

const MB = 1_048_576;
const TABLE_SUFFIXES = ['events', 'daily', 'snapshot', 'facts', 'dim', 'raw', 'clean', 'agg'] as const;

/**
 * One Unity Catalog table as predictive-optimization history shows it over the baseline period + window
 * (`periodDays` days, schema.ts TableFacts). Healthy tables are compacted regularly (PO active in the recent
 * period) or, when PO has gone quiet, hold large files; `table-small-files` plants a table whose compactions
 * kept rewriting thousands of small files and that PO stopped compacting weeks ago (no PO activity recently).
 * Facts are consistent: avgCompactedFileBytes = compactedBytes / compactedFiles, output files ≤ input files,
 * days since the last compaction < periodDays.
 * @param periodDays days of PO history the facts cover (baseline days + window days)
 * @param recentDays the recent period (last days of the window)
 */
export function makeTable(
  ctx: MakeContext,
  id: string,
  problem: TableProblem | null,
  periodDays: number,
  recentDays: number,
): TableResource {
  const { rng, team } = ctx;
  const { tags, owners } = makeOwnership(rng, 'table', team, false);
  const env = tags.env ?? rng.pick(ENVIRONMENTS);
  const catalog = `${env}_${team.replace('-', '_')}`;
  const schema = rng.pick(['bronze', 'silver', 'gold'] as const);
  const table = `${rng.pick(STEMS[team]).replaceAll('-', '_')}_${rng.pick(TABLE_SUFFIXES)}`;
  const smallFiles = problem === 'table-small-files';
  // Quiet PO on a healthy table: it stopped being written, so its files are large and nothing needs compacting.
  const quiet = !smallFiles && rng.chance(0.25);
  const compactionRuns = smallFiles ? rng.int(4, 12) : quiet ? rng.int(1, 4) : rng.int(6, 40);
  const avgFileBytes = smallFiles ? rng.int(1, 12) * MB : quiet ? rng.int(160, 900) * MB : rng.int(8, 64) * MB;
  const compactedFiles = smallFiles ? rng.int(4000, 60000) : compactionRuns * rng.int(20, 800);
  const compactedBytes = compactedFiles * avgFileBytes;
  const outputFiles = Math.max(1, Math.floor(compactedBytes / (rng.int(128, 1024) * MB)));
  const daysSinceLastCompaction =
    smallFiles || quiet ? rng.int(recentDays + 7, periodDays - 2) : rng.int(0, recentDays - 1);
  const poOperations = compactionRuns + rng.int(0, compactionRuns);
  // Half the planted tables (even compaction counts) still get PO runs that all fail (e.g. a permission
  // problem); the other half get no PO activity at all.
  const failingRecent = smallFiles && compactionRuns % 2 === 0 ? 2 : 0;
  const poOperationsRecent =
    smallFiles || quiet ? failingRecent : rng.int(1, Math.max(1, Math.min(poOperations, recentDays * 2)));
  return {
    kind: 'table',
    workspaceId: ctx.site.workspace.id,
    id,
    name: `${catalog}.${schema}.${table}`,
    tags,
    owners,
    config: { catalog_name: catalog, schema_name: schema, table_name: table },
    facts: {
      compactionRuns,
      compactedFiles,
      compactedBytes,
      compactionOutputFiles: Math.min(outputFiles, compactedFiles),
      avgCompactedFileBytes: compactedBytes / compactedFiles,
      daysSinceLastCompaction,
      poOperations,
      poFailedOperations: (rng.chance(0.1) ? 1 : 0) + failingRecent,
      poOperationsRecent,
      poFailedOperationsRecent: failingRecent,
      poEstimatedDbus: round(poOperations * rng.float(0.2, 3)),
    },
  };
}
