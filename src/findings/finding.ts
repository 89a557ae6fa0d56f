import type { Owners, ResourceKind, ResourceRef } from '../snapshot/schema.ts';

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
  changes: Array<{ field: string; before: unknown; after: unknown }>;
  /** Plain-words risk, e.g. "editing a running cluster restarts it". */
  risk: string;
  restarts: boolean;
}

/** The savings estimate: USD/month, the formula stated in words, and the price used. */
export interface SavingsEstimate {
  usdPerMonth: number;
  formula: string;
  usdPerDbu: number | null;
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

/** One rule matching one resource (DESIGN.md vocabulary). */
export interface Finding {
  fingerprint: string;
  ruleId: string;
  ruleTitle: string;
  category: Category;
  severity: Severity;
  resource: ResourceRef & { name: string; tags: Record<string, string>; owners: Owners };
  window: { start: string; end: string; days: number };
  evidence: EvidenceItem[];
  estimate: SavingsEstimate;
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
