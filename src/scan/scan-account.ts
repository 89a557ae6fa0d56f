import { resolve } from 'node:path';
import { ExternalServiceError } from '../errors.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { loadRules } from '../rules/load-rules.ts';
import { loadNegotiatedPrices } from '../savings/load-negotiated-prices.ts';
import type { SnapshotSource } from '../snapshot/snapshot-source.ts';
import { loadTemplates, type TemplateSet } from '../tickets/load-templates.ts';
import { runScan, type ScanDeps, type ScanOutcome } from './run-scan.ts';

/** What a scan needs besides the rules and templates, which it reads from the configured folders each run. */
export interface ScanAccountDeps extends Omit<ScanDeps, 'rules' | 'templates'> {
  /** Directory the config's relative `rules.directory` and `rules.templatesDirectory` resolve against. */
  baseDir: string;
}

export interface ScanAccountRequest {
  /**
   * Opens the snapshot: a file (`--snapshot`, `scheduler.scan.snapshotPath`; JSON or JSON Lines, streamed) or a
   * live collection (`snapshotSourceOf`).
   */
  readSnapshot: () => Promise<SnapshotSource>;
  dryRun: boolean;
  /** Whether the outcome carries issue previews (`sync.previews`); default true. See SyncOptions.previews. */
  previews?: boolean | undefined;
  /** A degraded snapshot (Snapshot.missing not empty) fails the scan instead of degrading. */
  requireFull?: boolean | undefined;
  /** Checked between the steps (a scheduled job's timeout); a step in progress ends on its own timeout. */
  signal?: AbortSignal | undefined;
  /** Told once the inputs are read and checked, before evaluation (e.g. to say the scan is a dry run). */
  onInputsRead?: ((inputs: ScanInputs) => void) | undefined;
}

/** The rules, templates and snapshot of one scan, read and checked (the snapshot's resources not read yet). */
export interface ScanInputs {
  rules: CompiledRule[];
  templates: TemplateSet;
  source: SnapshotSource;
}

/**
 * Reads what one scan evaluates: the rules and templates from their configured folders (re-read each run, so
 * a mounted folder takes effect without a restart), then the snapshot.
 * @throws ExternalServiceError when `requireFull` and the snapshot is degraded; whatever the readers throw.
 */
export async function readScanInputs(
  deps: Pick<ScanAccountDeps, 'config' | 'baseDir'>,
  request: Pick<ScanAccountRequest, 'readSnapshot' | 'requireFull' | 'signal'>,
): Promise<ScanInputs> {
  const { config, baseDir } = deps;
  const rules = await loadRules(resolve(baseDir, config.rules.directory), config.rules, config.remediation.autonomy);
  const templates = await loadTemplates(
    resolve(baseDir, config.rules.templatesDirectory),
    rules.map((c) => c.rule),
  );
  request.signal?.throwIfAborted();
  const source = await request.readSnapshot();
  request.signal?.throwIfAborted();
  const missing = source.header.missing ?? [];
  if (request.requireFull === true && missing.length > 0) {
    throw new ExternalServiceError(
      'databricks',
      `--require-full: the snapshot is degraded, missing ${missing.map((m) => `${m.table} (${m.reason})`).join(', ')}`,
    );
  }
  return { rules, templates, source };
}

/**
 * How a scan runs once its inputs are read: {@link runScan}, or `runScanReport` (run-scan-report.ts) for the
 * printed report of `lakewarden scan` without `--json`, which streams a dry run of a JSON Lines snapshot.
 */
export type ScanRunner<O> = (
  source: SnapshotSource,
  deps: ScanDeps,
  options: { dryRun: boolean; previews?: boolean | undefined },
) => Promise<O>;

/**
 * The scan use case, shared by `lakewarden scan` and the scheduled `scan` job: {@link readScanInputs}, the
 * configured negotiated prices (`savings.negotiatedPrices`, unless `deps.negotiated` is given), then `run`
 * (default {@link runScan}: evaluate, sync to the tracker, record). Callers present the outcome (terminal output,
 * metrics).
 * @throws as readScanInputs and `run`.
 */
export async function scanAccount(
  deps: ScanAccountDeps,
  request: ScanAccountRequest,
): Promise<{ inputs: ScanInputs; outcome: ScanOutcome }>;
export async function scanAccount<O>(
  deps: ScanAccountDeps,
  request: ScanAccountRequest,
  run: ScanRunner<O>,
): Promise<{ inputs: ScanInputs; outcome: O }>;
export async function scanAccount(
  deps: ScanAccountDeps,
  request: ScanAccountRequest,
  run: ScanRunner<unknown> = runScan,
): Promise<{ inputs: ScanInputs; outcome: unknown }> {
  const inputs = await readScanInputs(deps, request);
  request.onInputsRead?.(inputs);
  const negotiated = deps.negotiated ?? (await loadNegotiatedPrices(deps.config.savings.negotiatedPrices));
  const outcome = await run(
    inputs.source,
    { ...deps, rules: inputs.rules, templates: inputs.templates, negotiated },
    { dryRun: request.dryRun, previews: request.previews },
  );
  return { inputs, outcome };
}
