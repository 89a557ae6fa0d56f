import type { ExcessCost, Finding, SavingsEstimate } from '../findings/finding.ts';
import type { IssueRecord } from '../records/store.ts';
import type { Route } from '../routing/route.ts';
import type { RuleError } from '../rules/evaluate-snapshot.ts';
import type { NotEvaluatedRule } from '../rules/rule-needs.ts';
import type { SyncOp } from '../tickets/plan-sync.ts';
import type { SyncResult } from '../tickets/sync-result.ts';
import type { AutoOutcome } from './apply-auto.ts';

/** What the scan's terminal output (table, totals, summary) reads of a finding. A {@link Finding} is one. */
export interface ReportFinding {
  fingerprint: string;
  ruleId: string;
  category: Finding['category'];
  resource: Pick<Finding['resource'], 'kind' | 'id' | 'name'>;
  estimate: Pick<SavingsEstimate, 'usdPerMonth' | 'includedIn' | 'effective'>;
  excessCost?: Pick<ExcessCost, 'usdPerMonth' | 'effective'>;
}

/** What the terminal output reads of a sync op (its action, and a resolve's record). A {@link SyncOp} is one. */
export type ReportOp =
  | { op: 'resolve'; record: Pick<IssueRecord, 'ruleId' | 'resourceKind' | 'resourceId' | 'owner'> }
  | { op: 'create'; reason: Extract<SyncOp, { op: 'create' }>['reason']; item: { finding: ReportFinding } }
  | { op: Exclude<SyncOp['op'], 'create' | 'resolve'>; item: { finding: ReportFinding } };

/**
 * What `lakewarden scan` prints from (the findings table, totals and summary line, previews, warnings, failures):
 * a ScanOutcome (run-scan.ts) is one; a streamed dry run (run-scan-report.ts) returns one whose findings, ops and
 * routes keep only these fields. Findings and ops are in the order of a ScanOutcome's (by rule, then resource;
 * then the resolves).
 */
export interface ScanReport {
  scanId: string;
  dryRun: boolean;
  /** True when the snapshot is degraded (Snapshot.missing is not empty). */
  degraded: boolean;
  notEvaluated: NotEvaluatedRule[];
  auto?: AutoOutcome | undefined;
  /** Resources in the snapshot. */
  resources: number;
  evaluation: { findings: readonly ReportFinding[]; errors: readonly RuleError[]; belowMinimum: number };
  sync: Pick<SyncResult, 'counts' | 'failures' | 'warnings' | 'previews'> & {
    ops: readonly ReportOp[];
    routes: ReadonlyMap<string, Pick<Route, 'kind' | 'owner'>>;
  };
}

/** The {@link ReportFinding} fields of a finding, as a new object that holds nothing else of it. */
export function reportFindingOf(finding: Finding): ReportFinding {
  const { fingerprint, ruleId, category, resource, estimate, excessCost } = finding;
  const report: ReportFinding = {
    fingerprint,
    ruleId,
    category,
    resource: { kind: resource.kind, id: resource.id, name: resource.name },
    estimate: { usdPerMonth: estimate.usdPerMonth },
  };
  if (estimate.includedIn !== undefined) report.estimate.includedIn = estimate.includedIn;
  if (estimate.effective !== undefined) report.estimate.effective = estimate.effective;
  if (excessCost !== undefined) {
    report.excessCost = { usdPerMonth: excessCost.usdPerMonth };
    if (excessCost.effective !== undefined) report.excessCost.effective = excessCost.effective;
  }
  return report;
}
