import type { LoadedConfig } from '../config/load-config.ts';
import { ExternalServiceError, InputError } from '../errors.ts';
import type { ProgressPort } from '../logging/progress-port.ts';
import type { Services } from '../main.ts';
import { explainFinding } from '../scan/explain-finding.ts';
import { formatExplanation } from '../scan/format-explanation.ts';
import {
  FINDINGS_SORT_COLUMNS,
  type FindingsSortColumn,
  formatAutoLine,
  formatDegradedLines,
  formatFindingsTable,
  formatSummaryLine,
} from '../scan/format-scan-output.ts';
import { runScanReport } from '../scan/run-scan-report.ts';
import { readScanInputs, scanAccount } from '../scan/scan-account.ts';
import { writePreviews } from '../scan/write-previews.ts';
import { openSnapshot } from '../snapshot/load-snapshot.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { collectSnapshot, type SnapshotSource, snapshotSourceOf } from '../snapshot/snapshot-source.ts';
import { formatFailureGroup } from '../tickets/group-failures.ts';
import type { Output } from './output.ts';

export interface ScanCommandOptions {
  snapshot?: string | undefined;
  dryRun: boolean;
  out?: string | undefined;
  json: boolean;
  /** `--explain <fingerprint>`: explain that finding (no Jira read or write) instead of scanning. */
  explain?: string | undefined;
  /** `--limit <n>`: show at most n rows of the findings table (0 = all); the totals are always printed. */
  limit?: string | undefined;
  /** `--sort <column>`: usd (default, largest first), rule, resource, owner or action. */
  sort?: string | undefined;
  /** The progress display of evaluate and sync (a TTY only); undefined draws nothing. */
  progress?: ProgressPort | undefined;
  /** `--require-full`: a degraded snapshot (missing system tables) fails the scan (exit 1) instead of degrading. */
  requireFull?: boolean | undefined;
}

/**
 * Parses `--limit` and `--sort`.
 * @throws InputError naming the option and what was expected.
 */
export function parseTableView(options: { limit?: string | undefined; sort?: string | undefined }): {
  limit: number | undefined;
  sort: FindingsSortColumn | undefined;
} {
  let limit: number | undefined;
  if (options.limit !== undefined) {
    limit = Number(options.limit);
    if (!/^\d+$/.test(options.limit.trim()) || !Number.isSafeInteger(limit))
      throw new InputError(`--limit: expected a whole number of rows (0 = all), got "${options.limit}"`);
  }
  const sort = options.sort as FindingsSortColumn | undefined;
  if (sort !== undefined && !FINDINGS_SORT_COLUMNS.includes(sort))
    throw new InputError(`--sort: expected one of ${FINDINGS_SORT_COLUMNS.join(', ')}, got "${options.sort}"`);
  return { limit, sort };
}

/**
 * `lakewarden scan`: evaluates the rules on a snapshot (from `--snapshot`, or collected live when the
 * Databricks collector is configured) and files the findings in Jira. Without Jira credentials, or with
 * `--dry-run`, it writes nothing to Jira and says so. With `--explain <fingerprint>` it only evaluates the rules
 * and prints how that finding came about (src/scan/explain-finding.ts); no Jira access. A degraded snapshot
 * (Snapshot.missing) scans with the rules it can evaluate, prints "not evaluated" per other rule and one
 * "degraded" line, and succeeds — unless `requireFull`, which throws ExternalServiceError (exit 1).
 * Failed Jira writes are printed as one line per cause (`126 creates failed: components not on the screen
 * (project LW) — fix: …`, also under `failures` in `--json`) and make the command fail.
 * @throws InputError when no snapshot source is available, or no finding has the `--explain` fingerprint (exit 2); ConfigError when a Jira create screen cannot take lakewarden's issues (exit 2); ExternalServiceError on Jira failures, including any failed write, or a degraded snapshot with `requireFull` (exit 1).
 */
export async function scanCommand(
  loaded: LoadedConfig,
  services: Services,
  options: ScanCommandOptions,
  output: Output,
  collect: (() => Promise<Snapshot>) | undefined,
): Promise<void> {
  const view = parseTableView(options);
  const deps = {
    store: services.store,
    tracker: services.tracker,
    config: loaded.config,
    baseDir: loaded.baseDir,
    logger: services.logger,
    scrub: services.scrub,
    now: () => new Date(),
    ai: services.ai,
    progress: options.progress,
    // `auto` findings are applied only by a scan that writes (never with --dry-run or --explain).
    auto: options.dryRun || options.explain !== undefined ? undefined : await services.autoRemediation?.(),
  };
  const request = {
    readSnapshot: async (): Promise<SnapshotSource> => {
      if (options.snapshot !== undefined) return openSnapshot(options.snapshot);
      if (collect !== undefined) return snapshotSourceOf(await collect());
      throw new InputError(
        'no snapshot: pass --snapshot <file>, or set DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID and credentials to collect live',
      );
    },
    requireFull: options.requireFull,
  };
  if (options.explain !== undefined) {
    const { source, rules } = await readScanInputs(deps, request);
    const explanation = explainFinding(await collectSnapshot(source), rules, options.explain);
    if (explanation.status !== 'found') throw new InputError(formatExplanation(explanation).join('\n'));
    for (const line of formatExplanation(explanation)) output.out(line);
    return;
  }
  const scanRequest = {
    ...request,
    dryRun: options.dryRun,
    // Previews are only written with --out; without, a dry run renders no issue it does not compare.
    previews: options.out !== undefined,
    onInputsRead: () => {
      if (services.tracker === undefined && !options.json) {
        output.err(
          'Jira credentials not set (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT)): running as a dry run, nothing is filed.',
        );
      } else if (options.dryRun && !options.json) {
        output.err('--dry-run: Jira is read, nothing is written.');
      }
    },
  };
  if (options.json) {
    const { inputs, outcome } = await scanAccount(deps, scanRequest);
    const missing = inputs.source.header.missing ?? [];
    output.out(
      JSON.stringify(
        {
          scanId: outcome.scanId,
          dryRun: outcome.dryRun,
          degraded: outcome.degraded,
          missing,
          notEvaluated: outcome.notEvaluated.map((r) => ({ ...r, status: 'not evaluated' })),
          counts: outcome.sync.counts,
          ...(outcome.auto === undefined ? {} : { auto: outcome.auto }),
          failures: outcome.sync.failures.map((group) => ({
            operation: group.operation,
            count: group.count,
            cause: group.cause,
            fix: group.fix,
            summary: formatFailureGroup(group),
          })),
          warnings: outcome.sync.warnings,
          findings: outcome.evaluation.findings.map((f) => ({
            ...f,
            route: outcome.sync.routes.get(f.fingerprint),
          })),
          ruleErrors: outcome.evaluation.errors,
        },
        null,
        2,
      ),
    );
    throwIfWritesFailed(outcome.sync.counts.failed);
    return;
  }
  // The table and summary need only a report of each finding: a streamed dry run keeps no more (run-scan-report.ts).
  const { inputs, outcome } = await scanAccount(deps, scanRequest, runScanReport);
  const { source } = inputs;
  const missing = source.header.missing ?? [];
  output.out(formatFindingsTable(outcome, view));
  output.out('');
  const distinctRules = new Set(outcome.evaluation.findings.map((f) => f.ruleId)).size;
  output.out(
    `${outcome.evaluation.findings.length} findings from ${distinctRules} rules over ${outcome.resources} resources (window ${source.header.window.start} … ${source.header.window.end}).`,
  );
  if (outcome.evaluation.errors.length > 0) {
    output.err(`${outcome.evaluation.errors.length} rule evaluations failed (see the log).`);
  }
  if (options.out !== undefined) {
    const written = await writePreviews(options.out, outcome.sync.previews);
    output.out(
      `Previews of ${written} issues written to ${options.out}/ (index.md, one .md and one .adf.json per issue).`,
    );
  }
  for (const warning of outcome.sync.warnings) output.err(`warning: ${warning}`);
  for (const group of outcome.sync.failures) output.err(formatFailureGroup(group));
  for (const line of formatDegradedLines(outcome, missing)) output.out(line);
  const auto = formatAutoLine(outcome);
  if (auto !== undefined) output.out(auto);
  output.out(formatSummaryLine(outcome));
  throwIfWritesFailed(outcome.sync.counts.failed);
}

function throwIfWritesFailed(failed: number): void {
  if (failed === 0) return;
  throw new ExternalServiceError(
    'jira',
    `${failed} Jira ${failed === 1 ? 'write' : 'writes'} failed (causes above): the scan is incomplete`,
  );
}
