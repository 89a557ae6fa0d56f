/** Savings totals of a group. USD/month, list cost. */
export interface SavingsTotals {
  /** Findings in the group (first seen in the period). */
  findings: number;
  /** Estimated USD/month of those findings (set when filed), at list price. */
  estimatedUsdPerMonth: number;
  /** The same at the negotiated price where one applied when filed, else at list price. */
  effectiveEstimatedUsdPerMonth: number;
  /** Excess cost of the anomaly findings among them, USD/month at list price: never part of the estimates. */
  excessUsdPerMonth: number;
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
  /** Display name of the key when it is an id (a workspace's name); the id stays in `key` (shown on hover). */
  label?: string | undefined;
}

/** One open finding waiting for approval, for the "top opportunities" list. */
export interface OpenOpportunity {
  issueKey: string;
  /** The issue in Jira (`<JIRA_BASE_URL>/browse/<key>`), when the Jira base URL is known. */
  issueUrl: string | null;
  ruleId: string;
  owner: string;
  team: string;
  workspaceId: string;
  /** The workspace's name when it was kept, else null (the id is shown). */
  workspaceName: string | null;
  /** `<kind> <id>`. */
  resource: string;
  /** The resource's name when it was kept, else null. */
  resourceName: string | null;
  /** The resource's page in the Databricks UI, when known. */
  resourceUrl: string | null;
  status: string;
  estimatedUsdPerMonth: number;
  /** At the negotiated price, null when only list applies. */
  effectiveUsdPerMonth: number | null;
  excessUsdPerMonth: number;
  ageDays: number;
}

/** What became of the actions lakewarden took or refused (latest action per finding). */
export type ActionOutcome = 'in progress' | 'verified' | 'refused' | 'failed' | 'rolled back';

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
  /** True when some finding was filed with a negotiated price: tables then show list and effective side by side. */
  negotiatedPrices: boolean;
  /** Latest action per finding by outcome: refused, failed and rolled-back changes are never counted as approved or verified. */
  actionOutcomes: Array<{ outcome: ActionOutcome; count: number }>;
  /**
   * found → approved → verified (fix verified) → measured (savings measured), over findings that wait for an
   * approval (autonomy `approval`; findings filed before autonomy was kept count too). Manual and auto findings
   * are not in the funnel.
   */
  funnel: Array<{ stage: 'found' | 'approved' | 'verified' | 'measured'; count: number; usdPerMonth: number }>;
  topOpen: OpenOpportunity[];
}
