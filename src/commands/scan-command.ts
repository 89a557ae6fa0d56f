import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.ts';
import { ExternalServiceError, InputError } from '../errors.ts';
import type { Services } from '../main.ts';
import { loadRules } from '../rules/load-rules.ts';
import { explainFinding, formatExplanation } from '../scan/explain-finding.ts';
import { formatDegradedLines, formatFindingsTable, formatSummaryLine } from '../scan/format-scan-output.ts';
import { runScan } from '../scan/run-scan.ts';
import { writePreviews } from '../scan/write-previews.ts';
import { loadSnapshot } from '../snapshot/load-snapshot.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { loadTemplates } from '../tickets/load-templates.ts';
import type { Output } from './output.ts';

export interface ScanCommandOptions {
  snapshot?: string | undefined;
  dryRun: boolean;
  out?: string | undefined;
  json: boolean;
  /** `--explain <fingerprint>`: explain that finding (no Jira read or write) instead of scanning. */
  explain?: string | undefined;
  /** `--require-full`: a degraded snapshot (missing system tables) fails the scan (exit 1) instead of degrading. */
  requireFull?: boolean | undefined;
}

/**
 * `lakewarden scan`: evaluates the rules on a snapshot (from `--snapshot`, or collected live when the
 * Databricks collector is configured) and files the findings in Jira. Without Jira credentials, or with
 * `--dry-run`, it writes nothing to Jira and says so. With `--explain <fingerprint>` it only evaluates the rules
 * and prints how that finding came about (src/scan/explain-finding.ts); no Jira access. A degraded snapshot
 * (Snapshot.missing) scans with the rules it can evaluate, prints "not evaluated" per other rule and one
 * "degraded" line, and succeeds — unless `requireFull`, which throws ExternalServiceError (exit 1).
 * @throws InputError when no snapshot source is available, or no finding has the `--explain` fingerprint (exit 2); ExternalServiceError on Jira failures (exit 1).
 */
export async function scanCommand(
  loaded: LoadedConfig,
  services: Services,
  options: ScanCommandOptions,
  output: Output,
  collect: (() => Promise<Snapshot>) | undefined,
): Promise<void> {
  const rules = await loadRules(resolve(loaded.baseDir, loaded.config.rules.directory), loaded.config.rules);
  const templates = await loadTemplates(
    resolve(loaded.baseDir, loaded.config.rules.templatesDirectory),
    rules.map((c) => c.rule),
  );
  let snapshot: Snapshot;
  if (options.snapshot !== undefined) {
    snapshot = await loadSnapshot(options.snapshot);
  } else if (collect !== undefined) {
    snapshot = await collect();
  } else {
    throw new InputError(
      'no snapshot: pass --snapshot <file>, or set DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID and credentials to collect live',
    );
  }
  const missing = snapshot.missing ?? [];
  if (options.requireFull === true && missing.length > 0) {
    throw new ExternalServiceError(
      'databricks',
      `--require-full: the snapshot is degraded, missing ${missing.map((m) => `${m.table} (${m.reason})`).join(', ')}`,
    );
  }
  if (options.explain !== undefined) {
    const explanation = explainFinding(snapshot, rules, options.explain);
    if (explanation.status !== 'found') throw new InputError(formatExplanation(explanation).join('\n'));
    for (const line of formatExplanation(explanation)) output.out(line);
    return;
  }
  if (services.tracker === undefined && !options.json) {
    output.err(
      'Jira credentials not set (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN): running as a dry run, nothing is filed.',
    );
  } else if (options.dryRun && !options.json) {
    output.err('--dry-run: Jira is read, nothing is written.');
  }
  const outcome = await runScan(
    snapshot,
    {
      store: services.store,
      tracker: services.tracker,
      config: loaded.config,
      rules,
      templates,
      logger: services.logger,
      scrub: services.scrub,
      now: () => new Date(),
      ai: services.ai,
    },
    { dryRun: options.dryRun },
  );
  if (options.json) {
    output.out(
      JSON.stringify(
        {
          scanId: outcome.scanId,
          dryRun: outcome.dryRun,
          degraded: outcome.degraded,
          missing,
          notEvaluated: outcome.notEvaluated.map((r) => ({ ...r, status: 'not evaluated' })),
          counts: outcome.sync.counts,
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
    return;
  }
  output.out(formatFindingsTable(outcome));
  output.out('');
  const distinctRules = new Set(outcome.evaluation.findings.map((f) => f.ruleId)).size;
  output.out(
    `${outcome.evaluation.findings.length} findings from ${distinctRules} rules over ${snapshot.resources.length} resources (window ${snapshot.window.start} … ${snapshot.window.end}).`,
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
  for (const line of formatDegradedLines(outcome, missing)) output.out(line);
  output.out(formatSummaryLine(outcome));
}
