import { loadNegotiatedPrices } from '../savings/load-negotiated-prices.ts';
import { runScanReport } from './run-scan-report.ts';
import { readScanInputs, type ScanAccountDeps, type ScanAccountRequest, type ScanInputs } from './scan-account.ts';
import type { ScanReport } from './scan-report.ts';

/**
 * scanAccount (scan-account.ts) for a caller that prints a {@link ScanReport} (`lakewarden scan` without `--json`): the
 * same inputs and negotiated prices, then {@link runScanReport}, which streams a dry run of a JSON Lines snapshot
 * in chunks and is runScan otherwise.
 * @throws as readScanInputs and runScanReport.
 */
export async function scanAccountReport(
  deps: ScanAccountDeps,
  request: ScanAccountRequest,
): Promise<{ inputs: ScanInputs; outcome: ScanReport }> {
  const inputs = await readScanInputs(deps, request);
  request.onInputsRead?.(inputs);
  const negotiated = deps.negotiated ?? (await loadNegotiatedPrices(deps.config.savings.negotiatedPrices));
  const outcome = await runScanReport(
    inputs.source,
    { ...deps, rules: inputs.rules, templates: inputs.templates, negotiated },
    { dryRun: request.dryRun, previews: request.previews },
  );
  return { inputs, outcome };
}
