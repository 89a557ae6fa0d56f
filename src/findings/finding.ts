import type { Owners, ResourceKind, ResourceRef } from '../snapshot/schema.ts';
import type { FieldChange } from './field-change.ts';

export type Category = 'cost' | 'reliability' | 'governance';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Autonomy = 'manual' | 'approval' | 'auto';

/** One fact shown as evidence: its name, value, unit and the threshold it was compared with. */
export interface EvidenceItem {
  fact: string;
  label: string;
  value: number | string | boolean | null;
  unit: string;
  threshold?: string;
}

/** The proposed change: strategy name, arguments, and the before → after of each field it changes. */
export interface Plan {
  strategy: string;
  autonomy: Autonomy;
  args: Record<string, unknown>;
  changes: FieldChange[];
  /** Plain-words risk, e.g. "editing a running cluster restarts it". */
  risk: string;
  restarts: boolean;
}

/**
 * The savings estimate (docs/savings.md): USD/month this finding's fix removes, the formula stated in words,
 * the price used and the savings basis — which cost of the resource the fix removes. `usdPerMonth` is what
 * counts in totals: after findings on the same resource and basis share it (the larger keeps it, the others
 * show `includedIn`) and after the resource's total is capped at its own cost in the window scaled to a month.
 */
export interface SavingsEstimate {
  usdPerMonth: number;
  formula: string;
  usdPerDbu: number | null;
  /** The savings basis declared by the rule (`idle-hours`, `size-step`, `retries` …; `none` claims nothing). */
  basis?: string;
  /** The rule's own estimate before sharing and capping (USD/month). */
  grossUsdPerMonth?: number;
  /** Fingerprint of the finding on the same resource and basis whose estimate already includes this one's. */
  includedIn?: string;
  /** The resource's cost in the window scaled to a month (USD/month), when it capped this estimate. */
  cappedAtUsdPerMonth?: number;
  /** Which price `usdPerMonth` uses: always `list` (system.billing.list_prices); see `effective`. */
  price?: 'list' | 'effective';
  /** The same amount at the account's negotiated price, when one is configured for the resource's SKU group. */
  effective?: EffectiveAmount;
}

/**
 * An amount at the account's negotiated (effective) price, next to the list amount it derives from
 * (docs/savings.md "Prices"): list USD/month × `ratio` (effective / list price of the resource's SKU group).
 */
export interface EffectiveAmount {
  usdPerMonth: number;
  ratio: number;
  /** How the ratio was found, e.g. `discount for SQL_PRO` or `effective price of PREMIUM_SQL_PRO_COMPUTE`. */
  from: string;
  /** Where the negotiated prices come from (the effective-price file, or `configured discounts`). */
  source: string;
}

/**
 * Excess cost of an anomaly finding (cost spike, drift): the run-rate above the resource's own baseline,
 * USD/month. Never added to estimated savings: it says how much more the resource costs, not what a fix saves.
 */
export interface ExcessCost {
  usdPerMonth: number;
  formula: string;
  /** The same excess at the account's negotiated price, when one applies. */
  effective?: EffectiveAmount;
}

/**
 * An inline chart of the series behind an anomaly finding: weekly medians (complete Monday-Sunday weeks,
 * 2 significant figures) and the labelled baseline and recent medians, in `unit`.
 */
export interface FindingChart {
  label: string;
  unit: string;
  weeks: Array<{ start: string; median: number; period: 'baseline' | 'window' }>;
  baselineMedian: number | null;
  recentMedian: number | null;
}

/** One rule matching one resource. */
export interface Finding {
  fingerprint: string;
  ruleId: string;
  ruleTitle: string;
  category: Category;
  severity: Severity;
  /** `workspaceName` and `url` (the resource's page in the Databricks UI) when the snapshot knows the workspace. */
  resource: ResourceRef & {
    name: string;
    tags: Record<string, string>;
    owners: Owners;
    workspaceName?: string;
    url?: string;
  };
  window: { start: string; end: string; days: number };
  evidence: EvidenceItem[];
  estimate: SavingsEstimate;
  /** Present on anomaly findings (rules with `estimate.type: excess`); their `estimate.usdPerMonth` is 0. */
  excessCost?: ExcessCost;
  plan: Plan;
  template: string;
  /** Numbers the template may show beyond the evidence (params of the rule). */
  params: Record<string, number | string | boolean>;
  /** Present for rules with a `chart` when the resource has the series (second-wave anomaly rules). */
  chart?: FindingChart;
}

export function refOf(finding: Finding): ResourceRef {
  return {
    workspaceId: finding.resource.workspaceId,
    kind: finding.resource.kind as ResourceKind,
    id: finding.resource.id,
  };
}
