import type { JiraSection } from '../config/jira-section.ts';
import type { SavingsLedgerRecord } from '../records/savings-ledger.ts';
import type { IssueRecord } from '../records/store.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import { roundCents } from '../savings/format-usd.ts';
import { PRICE_BASIS } from '../savings/price-basis.ts';
import type { IssueStatus } from '../tracker/issue-tracker.ts';
import { AGE_BUCKETS, ageBucket } from './age-buckets.ts';
import type { ActionOutcome, GroupRow, OpenOpportunity, SavingsReport, SavingsTotals } from './savings-report.ts';

const DAY_MS = 86_400_000;
const UNASSIGNED = '(none)';

/** What {@link buildReport} reads. */
export interface ReportInput {
  issues: readonly IssueRecord[];
  actions: readonly ActionRecord[];
  ledger: readonly SavingsLedgerRecord[];
  /** Current Jira statuses by issue id; undefined = derive from the store. */
  jiraStatuses: ReadonlyMap<string, IssueStatus> | undefined;
  statuses: JiraSection['statuses'];
  now: Date;
  /** `YYYY-MM-DD`: only findings first seen, approvals made and measurements taken on or after it. */
  since: string | undefined;
  /** Length of the top-opportunities list. */
  topN: number;
  /** Jira site URL (JIRA_BASE_URL): issue keys link to `<url>/browse/<key>`; undefined = keys without links. */
  jiraBaseUrl?: string | undefined;
}

type Dimension = 'team' | 'owner' | 'rule' | 'workspace';

interface IssueFacts {
  issue: IssueRecord;
  status: string;
  /** ISO time it was approved (action approval/creation, or the manual fix), or null. */
  approvedAt: string | null;
  /** The fix was verified: action verified, or a manual finding disappeared. */
  fixVerified: boolean;
  /** Its change was rolled back: shown as such, not as waiting for an approval. */
  rolledBack: boolean;
}

/**
 * Builds the savings report (pure). Per finding: estimated = the filed estimate; approved = an action was
 * claimed for it and applied (not refused, not failed — a refused or drift-failed approval changed nothing),
 * Jira shows the approved status, or (manual) its owner fixed it; a rolled-back action (after a mismatch or on
 * request) is neither approved nor verified and its measurements are dropped; verified USD = the savings ledger
 * (measured from billing). Each figure is filtered by its own date against `since`:
 * first seen, approval, measurement. Groups: team, owner, rule, workspace, month.
 */
export function buildReport(reportInput: ReportInput): SavingsReport {
  // A change rolled back on request saves nothing any more: its measurements leave every figure.
  const undone = new Set(reportInput.actions.filter((a) => a.state === 'rolled_back').map((a) => a.id));
  const input = {
    ...reportInput,
    ledger: reportInput.ledger.filter((r) => r.actionId === null || !undone.has(r.actionId)),
  };
  const inPeriod = (iso: string | null) =>
    iso !== null && (input.since === undefined || iso.slice(0, 10) >= input.since);
  const actionsByFp = new Map<string, ActionRecord[]>();
  for (const action of input.actions) {
    const list = actionsByFp.get(action.fingerprint) ?? [];
    list.push(action);
    actionsByFp.set(action.fingerprint, list);
  }
  const facts = input.issues.map((issue) => factsOf(issue, actionsByFp.get(issue.fingerprint) ?? [], input));
  const byFp = new Map(facts.map((f) => [f.issue.fingerprint, f]));

  const groups: Record<Dimension | 'month', Map<string, SavingsTotals>> = {
    team: new Map(),
    owner: new Map(),
    rule: new Map(),
    workspace: new Map(),
    month: new Map(),
  };
  const totals = emptyTotals();
  const keysOf = (issue: IssueRecord | undefined, ledger?: SavingsLedgerRecord): Record<Dimension, string> => ({
    team: issue?.team ?? UNASSIGNED,
    owner: issue?.owner ?? UNASSIGNED,
    rule: issue?.ruleId ?? ledger?.ruleId ?? UNASSIGNED,
    workspace: issue?.workspaceId ?? ledger?.workspaceId ?? UNASSIGNED,
  });
  const addTo = (keys: Record<Dimension, string>, month: string, apply: (t: SavingsTotals) => void) => {
    apply(totals);
    for (const dimension of ['team', 'owner', 'rule', 'workspace'] as const)
      apply(bucket(groups[dimension], keys[dimension]));
    apply(bucket(groups.month, month));
  };

  for (const f of facts) {
    const keys = keysOf(f.issue);
    if (inPeriod(f.issue.firstSeenAt)) {
      addTo(keys, f.issue.firstSeenAt.slice(0, 7), (t) => {
        t.findings += 1;
        t.estimatedUsdPerMonth += f.issue.estimatedSavingsUsd;
        t.effectiveEstimatedUsdPerMonth += f.issue.effectiveSavingsUsd ?? f.issue.estimatedSavingsUsd;
        t.excessUsdPerMonth += f.issue.excessUsd ?? 0;
      });
    }
    if (f.approvedAt !== null && inPeriod(f.approvedAt)) {
      addTo(keys, f.approvedAt.slice(0, 7), (t) => {
        t.approved += 1;
        t.approvedUsdPerMonth += f.issue.estimatedSavingsUsd;
      });
    }
  }
  const measured = input.ledger.filter((r) => inPeriod(r.measuredAt));
  for (const record of measured) {
    addTo(keysOf(byFp.get(record.fingerprint)?.issue, record), record.measuredAt.slice(0, 7), (t) => {
      t.measured += 1;
      t.verifiedUsdPerMonth += record.verifiedUsdPerMonth;
    });
  }

  const found = facts.filter((f) => inPeriod(f.issue.firstSeenAt));
  // Only approval findings wait for an approval (rows filed before autonomy was kept count as such).
  const forApproval = found.filter((f) => (f.issue.autonomy ?? 'approval') === 'approval');
  const awaiting = forApproval.filter((f) => f.issue.state === 'open' && f.approvedAt === null && !f.rolledBack);
  const ageOf = (f: IssueFacts) =>
    Math.max(0, Math.floor((input.now.getTime() - Date.parse(f.issue.firstSeenAt)) / DAY_MS));
  const statusCounts = new Map<string, number>();
  for (const f of found) statusCounts.set(f.status, (statusCounts.get(f.status) ?? 0) + 1);
  const approvedFound = forApproval.filter((f) => f.approvedAt !== null);
  const verifiedFound = forApproval.filter((f) => f.fixVerified);
  const measuredFps = new Set(input.ledger.map((r) => r.fingerprint));
  const measuredFound = forApproval.filter((f) => measuredFps.has(f.issue.fingerprint));
  const verifiedUsdOf = (fps: readonly IssueFacts[]) => {
    const wanted = new Set(fps.map((f) => f.issue.fingerprint));
    return sum(input.ledger.filter((r) => wanted.has(r.fingerprint)).map((r) => r.verifiedUsdPerMonth));
  };

  const topOpen: OpenOpportunity[] = awaiting
    .toSorted(
      (a, b) =>
        b.issue.estimatedSavingsUsd - a.issue.estimatedSavingsUsd || a.issue.issueKey.localeCompare(b.issue.issueKey),
    )
    .slice(0, input.topN)
    .map((f) => ({
      issueKey: f.issue.issueKey,
      issueUrl: browseUrlOf(input.jiraBaseUrl, f.issue.issueKey),
      ruleId: f.issue.ruleId,
      owner: f.issue.owner ?? UNASSIGNED,
      team: f.issue.team ?? UNASSIGNED,
      workspaceId: f.issue.workspaceId,
      workspaceName: f.issue.workspaceName ?? null,
      resource: `${f.issue.resourceKind} ${f.issue.resourceId}`,
      resourceName: f.issue.resourceName ?? null,
      resourceUrl: httpsOrNull(f.issue.resourceUrl),
      status: f.status,
      estimatedUsdPerMonth: roundCents(f.issue.estimatedSavingsUsd),
      effectiveUsdPerMonth:
        f.issue.effectiveSavingsUsd === null || f.issue.effectiveSavingsUsd === undefined
          ? null
          : roundCents(f.issue.effectiveSavingsUsd),
      excessUsdPerMonth: roundCents(f.issue.excessUsd ?? 0),
      ageDays: ageOf(f),
    }));
  const workspaceNames = new Map<string, string>();
  for (const f of facts) {
    if (f.issue.workspaceName !== null && f.issue.workspaceName !== undefined)
      workspaceNames.set(f.issue.workspaceId, f.issue.workspaceName);
  }
  const outcomes = new Map<ActionOutcome, number>();
  for (const list of actionsByFp.values()) {
    const latest = latestAction(list);
    if (latest === undefined) continue;
    const outcome = outcomeOf(latest.state);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  return {
    generatedAt: input.now.toISOString(),
    since: input.since ?? null,
    priceBasis: PRICE_BASIS,
    statusSource: input.jiraStatuses === undefined ? 'store' : 'jira',
    totals: rounded(totals),
    byTeam: rows(groups.team, 'value'),
    byOwner: rows(groups.owner, 'value'),
    byRule: rows(groups.rule, 'value'),
    byWorkspace: rows(groups.workspace, 'value').map((r) => ({ ...r, label: workspaceNames.get(r.key) })),
    byMonth: rows(groups.month, 'key'),
    negotiatedPrices: found.some((f) => f.issue.effectiveSavingsUsd != null || f.issue.effectiveExcessUsd != null),
    actionOutcomes: ACTION_OUTCOMES.map((outcome) => ({ outcome, count: outcomes.get(outcome) ?? 0 })).filter(
      (o) => o.count > 0,
    ),
    statusCounts: [...statusCounts]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    awaitingApprovalByAge: AGE_BUCKETS.map((b) => {
      const inBucket = awaiting.filter((f) => ageBucket(ageOf(f)) === b.label);
      return {
        bucket: b.label,
        count: inBucket.length,
        estimatedUsdPerMonth: roundCents(sum(inBucket.map((f) => f.issue.estimatedSavingsUsd))),
      };
    }),
    funnel: [
      {
        stage: 'found',
        count: forApproval.length,
        usdPerMonth: roundCents(sum(forApproval.map((f) => f.issue.estimatedSavingsUsd))),
      },
      {
        stage: 'approved',
        count: approvedFound.length,
        usdPerMonth: roundCents(sum(approvedFound.map((f) => f.issue.estimatedSavingsUsd))),
      },
      {
        stage: 'verified',
        count: verifiedFound.length,
        usdPerMonth: roundCents(sum(verifiedFound.map((f) => f.issue.estimatedSavingsUsd))),
      },
      { stage: 'measured', count: measuredFound.length, usdPerMonth: roundCents(verifiedUsdOf(measuredFound)) },
    ],
    topOpen,
  };
}

function factsOf(issue: IssueRecord, actions: readonly ActionRecord[], input: ReportInput): IssueFacts {
  // Rollbacks are not changes of their own; a change rolled back (on request or after a mismatch) no longer counts.
  const live = actions.filter((a) => a.state !== 'refused' && a.rollbackOf === null);
  // Refused (checks failed) and failed (e.g. drift at apply time) actions changed nothing: not approved.
  const applied = live.filter((a) => a.state !== 'failed' && a.state !== 'rolled_back');
  const first = applied.toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  const jira = input.jiraStatuses?.get(issue.issueId);
  const manualFix = issue.state === 'resolved' && actions.length === 0 && issue.resolvedAt !== null;
  let approvedAt: string | null = first === undefined ? null : (first.approvedAt ?? first.createdAt);
  if (approvedAt === null && manualFix) approvedAt = issue.resolvedAt;
  if (approvedAt === null && jira?.name === input.statuses.approved) approvedAt = issue.lastSeenAt;
  return {
    issue,
    status: jira?.name ?? storeStatus(issue, actions, input.statuses),
    approvedAt,
    fixVerified: live.some((a) => a.state === 'verified') || manualFix,
    rolledBack: actions.some((a) => a.state === 'rolled_back'),
  };
}

/** The Jira status lakewarden last put the issue in, from the store (used when Jira is not asked). */
function storeStatus(issue: IssueRecord, actions: readonly ActionRecord[], s: JiraSection['statuses']): string {
  if (issue.state === 'declined') return s.declined;
  if (issue.state === 'resolved') return s.done;
  const latest = latestAction(actions);
  if (latest === undefined) return s.open;
  const statusOf: Record<ActionOutcome, string> = {
    'in progress': s.approved,
    verified: s.done,
    refused: s.failed,
    failed: s.failed,
    'rolled back': s.open,
  };
  return statusOf[outcomeOf(latest.state)];
}

/** The action updated last, or undefined. */
function latestAction(actions: readonly ActionRecord[]): ActionRecord | undefined {
  return actions.toSorted((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

const ACTION_OUTCOMES: readonly ActionOutcome[] = ['in progress', 'verified', 'refused', 'failed', 'rolled back'];

function outcomeOf(state: ActionRecord['state']): ActionOutcome {
  switch (state) {
    case 'queued':
    case 'applying':
    case 'deferred':
    case 'verifying':
      return 'in progress';
    case 'verified':
      return 'verified';
    case 'refused':
      return 'refused';
    case 'failed':
      return 'failed';
    case 'rolled_back':
      return 'rolled back';
    default: {
      const unreachable: never = state;
      throw new TypeError(`unknown action state ${String(unreachable)}`);
    }
  }
}

/** `<base>/browse/<key>` for an http(s) Jira base URL, else null. */
function browseUrlOf(base: string | undefined, key: string): string | null {
  const root = httpsOrNull(base);
  return root === null ? null : `${root.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
}

/** The URL when it is http(s) (never a `javascript:` or other scheme from stored data), else null. */
function httpsOrNull(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function emptyTotals(): SavingsTotals {
  return {
    findings: 0,
    estimatedUsdPerMonth: 0,
    effectiveEstimatedUsdPerMonth: 0,
    excessUsdPerMonth: 0,
    approved: 0,
    approvedUsdPerMonth: 0,
    measured: 0,
    verifiedUsdPerMonth: 0,
  };
}

function bucket(map: Map<string, SavingsTotals>, key: string): SavingsTotals {
  let totals = map.get(key);
  if (totals === undefined) {
    totals = emptyTotals();
    map.set(key, totals);
  }
  return totals;
}

function rounded(t: SavingsTotals): SavingsTotals {
  return {
    ...t,
    estimatedUsdPerMonth: roundCents(t.estimatedUsdPerMonth),
    effectiveEstimatedUsdPerMonth: roundCents(t.effectiveEstimatedUsdPerMonth),
    excessUsdPerMonth: roundCents(t.excessUsdPerMonth),
    approvedUsdPerMonth: roundCents(t.approvedUsdPerMonth),
    verifiedUsdPerMonth: roundCents(t.verifiedUsdPerMonth),
  };
}

/** Group rows sorted by key (months) or by value: verified, then estimated, descending. */
function rows(map: Map<string, SavingsTotals>, order: 'key' | 'value'): GroupRow[] {
  const list = [...map].map(([key, t]) => ({ key, ...rounded(t) }));
  return order === 'key'
    ? list.sort((a, b) => a.key.localeCompare(b.key))
    : list.sort(
        (a, b) =>
          b.verifiedUsdPerMonth - a.verifiedUsdPerMonth ||
          b.estimatedUsdPerMonth - a.estimatedUsdPerMonth ||
          a.key.localeCompare(b.key),
      );
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
