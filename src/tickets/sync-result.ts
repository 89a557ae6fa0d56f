import type { AdfDoc } from '../document/adf.ts';
import type { Finding } from '../findings/finding.ts';
import type { Route } from '../routing/route.ts';
import type { FailureGroup } from './group-failures.ts';
import type { SyncOp } from './plan-sync.ts';

/** One issue lakewarden created, updated or resolved (or would, in a dry run), for previews and output. */
export interface SyncPreview {
  op: SyncOp['op'];
  fingerprint: string;
  issueKey: string | undefined;
  summary: string;
  markdown: string;
  adf: AdfDoc;
  routedBy: string;
  assignee: string | undefined;
}

export interface SyncCounts {
  findings: number;
  created: number;
  updated: number;
  resolved: number;
  /** Issues lakewarden had resolved and reopened because the finding came back. */
  reopened: number;
  unchanged: number;
  suppressed: number;
  /** Writes that failed (see `SyncResult.failures` for the causes). */
  failed: number;
  estimatedUsdPerMonth: number;
  /** Sum of the excess cost of anomaly findings (USD/month); never part of `estimatedUsdPerMonth`. */
  excessUsdPerMonth: number;
}

/**
 * The counts of a sync before any op: every op count 0, `findings` and the two sums (USD/month, rounded to cents,
 * summed in findings order) over `findings`.
 */
export function zeroCounts(
  findings: readonly { estimate: { usdPerMonth: number }; excessCost?: { usdPerMonth: number } | undefined }[],
): SyncCounts {
  return {
    findings: findings.length,
    created: 0,
    updated: 0,
    resolved: 0,
    reopened: 0,
    unchanged: 0,
    suppressed: 0,
    failed: 0,
    estimatedUsdPerMonth: round2(findings.reduce((sum, f) => sum + f.estimate.usdPerMonth, 0)),
    excessUsdPerMonth: round2(findings.reduce((sum, f) => sum + (f.excessCost?.usdPerMonth ?? 0), 0)),
  };
}

export interface SyncResult {
  counts: SyncCounts;
  /** Failed writes grouped by cause, most frequent first (one summary line each). */
  failures: FailureGroup[];
  /** Configuration mismatches found on Jira's screens (once per scan), e.g. components on a team-managed project. */
  warnings: string[];
  ops: SyncOp[];
  previews: SyncPreview[];
  routes: Map<string, Route>;
  /** Issues created by this sync (none in a dry run), in the order of the creates. */
  created: Array<{ finding: Finding; issueId: string; issueKey: string }>;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
