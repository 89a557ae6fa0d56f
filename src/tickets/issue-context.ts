import type { Finding } from '../findings/finding.ts';
import { formatMeasure, formatUsd, formatUsdPerDbu, formatValue } from './format-values.ts';

/**
 * The top-level names a template may use. Templates never see the raw Finding: `issueContextOf` copies
 * only these fields, already formatted as display strings (renovate `lib/util/template` allowlist habit).
 */
export const ISSUE_CONTEXT_NAMES = [
  'resource',
  'rule',
  'fingerprint',
  'window',
  'evidence',
  'params',
  'estimate',
  'plan',
  'routing',
] as const;

/** A nested map of display strings, e.g. `evidence.config.auto_stop_mins` → `"0"`. */
export interface ValueTree {
  [key: string]: string | ValueTree;
}

/** The allowlisted, formatted view of a finding that templates render from. */
export interface IssueContext {
  resource: { kind: string; kindLabel: string; name: string; id: string; workspaceId: string };
  rule: { id: string; title: string; category: string; severity: string };
  fingerprint: string;
  window: { start: string; end: string; days: string };
  /**
   * Evidence values by fact path (`idleTailHours`, `config.auto_stop_mins`, `tags.owner`); values in bytes,
   * seconds or ms include their human unit (`5.03 GiB/query`, `2.5 h`), so templates do not add one.
   */
  evidence: ValueTree;
  params: Record<string, string>;
  /**
   * `usdPerMonth` like `$1,234.00`; `usdPerDbu` like `$0.70` or `—`; `hasSaving` for sections; `basis` the
   * savings basis; `grossUsdPerMonth` the rule's own estimate; `includedIn` the fingerprint of the finding
   * that carries this basis (or ``); `cappedAt` the resource's monthly cost when it capped the estimate (or ``);
   * `price` "list" or "effective"; `excessUsdPerMonth` and `hasExcess` for anomaly findings (docs/savings.md);
   * `hasEffective`, `effectiveUsdPerMonth` (the saving, or for an anomaly the excess, at the negotiated price),
   * `effectiveFrom` (e.g. `discount for SQL_PRO`) and `effectiveSource` when a negotiated price applies, else ``.
   */
  estimate: {
    usdPerMonth: string;
    usdPerDbu: string;
    formula: string;
    hasSaving: boolean;
    basis: string;
    grossUsdPerMonth: string;
    includedIn: string;
    cappedAt: string;
    price: string;
    excessUsdPerMonth: string;
    excessFormula: string;
    hasExcess: boolean;
    hasEffective: boolean;
    effectiveUsdPerMonth: string;
    effectiveFrom: string;
    effectiveSource: string;
  };
  plan: { strategy: string; autonomy: string; risk: string; restarts: boolean };
  routing: { routedBy: string; approvedStatus: string; declinedStatus: string };
}

/** What the caller tells the renderer about routing and the configured Jira statuses. */
export interface RoutingContext {
  /** One sentence saying how the owner was found, e.g. "Assigned to you as the owner tag of the warehouse." */
  routedBy: string;
  approvedStatus: string;
  declinedStatus: string;
}

/** The display name of a resource kind ("Warehouse", "Cluster", "Job", "Pipeline", "Table", "Workspace"). */
export function kindLabelOf(kind: Finding['resource']['kind']): string {
  switch (kind) {
    case 'warehouse':
      return 'Warehouse';
    case 'cluster':
      return 'Cluster';
    case 'job':
      return 'Job';
    case 'pipeline':
      return 'Pipeline';
    case 'table':
      return 'Table';
    case 'workspace':
      return 'Workspace';
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown resource kind ${String(unreachable)}`);
    }
  }
}

/** Builds the allowlisted template context from a finding (pure; every leaf is a formatted string). */
export function issueContextOf(finding: Finding, routing: RoutingContext): IssueContext {
  const evidence: ValueTree = {};
  // Bytes, seconds and milliseconds carry their human unit in the value (`5.03 GiB`, `2.5 h`); others stay bare.
  for (const item of finding.evidence) {
    const measure = formatMeasure(item.value, item.unit);
    setPath(evidence, item.fact.split('.'), measure.unit === item.unit ? formatValue(item.value) : measure.text);
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(finding.params)) params[name] = formatValue(value);
  return {
    resource: {
      kind: finding.resource.kind,
      kindLabel: kindLabelOf(finding.resource.kind).toLowerCase(),
      name: formatValue(finding.resource.name),
      id: finding.resource.id,
      workspaceId: finding.resource.workspaceId,
    },
    rule: { id: finding.ruleId, title: finding.ruleTitle, category: finding.category, severity: finding.severity },
    fingerprint: finding.fingerprint,
    window: { start: finding.window.start, end: finding.window.end, days: String(finding.window.days) },
    evidence,
    params,
    estimate: {
      usdPerMonth: formatUsd(finding.estimate.usdPerMonth),
      usdPerDbu: formatUsdPerDbu(finding.estimate.usdPerDbu),
      formula: formatValue(finding.estimate.formula),
      hasSaving: finding.estimate.usdPerMonth > 0,
      basis: finding.estimate.basis ?? 'none',
      grossUsdPerMonth: formatUsd(finding.estimate.grossUsdPerMonth ?? finding.estimate.usdPerMonth),
      includedIn: finding.estimate.includedIn ?? '',
      cappedAt:
        finding.estimate.cappedAtUsdPerMonth === undefined ? '' : formatUsd(finding.estimate.cappedAtUsdPerMonth),
      price: finding.estimate.price ?? 'list',
      excessUsdPerMonth: formatUsd(finding.excessCost?.usdPerMonth ?? 0),
      excessFormula: formatValue(finding.excessCost?.formula),
      hasExcess: finding.excessCost !== undefined,
      ...effectiveOf(finding),
    },
    plan: {
      strategy: finding.plan.strategy,
      autonomy: finding.plan.autonomy,
      risk: formatValue(finding.plan.risk),
      restarts: finding.plan.restarts,
    },
    routing: {
      routedBy: formatValue(routing.routedBy),
      approvedStatus: routing.approvedStatus,
      declinedStatus: routing.declinedStatus,
    },
  };
}

function setPath(tree: ValueTree, path: readonly string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree[head] = value;
    return;
  }
  const child = tree[head];
  const next: ValueTree = typeof child === 'object' ? child : {};
  tree[head] = next;
  setPath(next, rest, value);
}

/** The negotiated-price fields of the context: the excess's effective amount for anomalies, else the saving's. */
function effectiveOf(
  finding: Finding,
): Pick<IssueContext['estimate'], 'hasEffective' | 'effectiveUsdPerMonth' | 'effectiveFrom' | 'effectiveSource'> {
  const effective = finding.excessCost !== undefined ? finding.excessCost.effective : finding.estimate.effective;
  if (effective === undefined)
    return { hasEffective: false, effectiveUsdPerMonth: '', effectiveFrom: '', effectiveSource: '' };
  return {
    hasEffective: true,
    effectiveUsdPerMonth: formatUsd(effective.usdPerMonth),
    effectiveFrom: formatValue(effective.from),
    effectiveSource: formatValue(effective.source),
  };
}
