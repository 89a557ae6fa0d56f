/** Savings totals of a group. USD/month, list cost. */
export interface SavingsTotals {
  /** Findings in the group (first seen in the period). */
  findings: number;
  /** Estimated USD/month of those findings (set when filed). */
  estimatedUsdPerMonth: number;
  /** Findings approved in the period (an action claimed, Jira shows Approved, or an owner fixed it). */
  approved: number;
  /** Estimated USD/month of the approved findings. */
  approvedUsdPerMonth: number;
  /** Measurements in the period (savings ledger). */
  measured: number;
  /** Verified USD/month measured from billing (sum of the ledger; may be negative). */
  verifiedUsdPerMonth: number;
}

/** One row of a breakdown (by team, owner, rule, workspace or month). */
export interface GroupRow extends SavingsTotals {
  key: string;
}

/** One open finding waiting for approval, for the "top opportunities" list. */
export interface OpenOpportunity {
  issueKey: string;
  ruleId: string;
  owner: string;
  team: string;
  workspaceId: string;
  resource: string;
  status: string;
  estimatedUsdPerMonth: number;
  ageDays: number;
}

/**
 * The savings report (`lakewarden report`): built by `buildReport` from the store (issues, actions,
 * savings ledger) and optionally Jira statuses. All USD are list cost per month.
 */
export interface SavingsReport {
  generatedAt: string;
  /** `YYYY-MM-DD` lower bound, or null for all time. */
  since: string | null;
  priceBasis: string;
  /** Where statuses came from: Jira (current) or the store (lakewarden's last view). */
  statusSource: 'jira' | 'store';
  totals: SavingsTotals;
  byTeam: GroupRow[];
  byOwner: GroupRow[];
  byRule: GroupRow[];
  byWorkspace: GroupRow[];
  /** `YYYY-MM` rows, ascending: estimated by first-seen month, approved by approval month, verified by measurement month. */
  byMonth: GroupRow[];
  statusCounts: Array<{ status: string; count: number }>;
  /** Open findings awaiting approval, by how long they have waited. */
  awaitingApprovalByAge: Array<{ bucket: string; count: number; estimatedUsdPerMonth: number }>;
  /** found → approved → verified (fix verified) → measured (savings measured). */
  funnel: Array<{ stage: 'found' | 'approved' | 'verified' | 'measured'; count: number; usdPerMonth: number }>;
  topOpen: OpenOpportunity[];
}
