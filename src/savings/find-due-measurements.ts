import type { SavingsSection } from '../config/savings-section.ts';
import type { IssueRecord } from '../records/store.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import type { ResourceKind } from '../snapshot/schema.ts';
import { type MeasurementWindows, measurementWindows } from './measurement-windows.ts';

/** One change whose savings can be measured. */
export interface MeasurementCandidate {
  /** `action:<actionId>` (bot change) or `manual:<fingerprint>` (owner fixed it, finding disappeared). */
  key: string;
  /** The action, or null for a manual fix (the history then uses `key` as its action id). */
  actionId: string | null;
  issue: IssueRecord;
  kind: ResourceKind;
  /** ISO time of the change: when the action was verified, or when the finding was resolved. */
  changeAt: string;
  windows: MeasurementWindows;
}

const KINDS = new Set<string>(['warehouse', 'cluster', 'job']);

/**
 * The measurements due at `now` (pure): every `verified` action, and every resolved issue that no action
 * touched (a `manual` finding its owner fixed), whose after-window plus latency has passed
 * (`windows.dueAt <= now`) and whose key is not in `measuredKeys`. Actions whose issue is unknown to the
 * store, and resource kinds other than warehouse/cluster/job, are skipped.
 */
export function findDueMeasurements(input: {
  issues: readonly IssueRecord[];
  actions: readonly ActionRecord[];
  measuredKeys: ReadonlySet<string>;
  savings: SavingsSection;
  now: Date;
}): MeasurementCandidate[] {
  const byFingerprint = new Map(input.issues.map((i) => [i.fingerprint, i]));
  const touched = new Set(input.actions.map((a) => a.fingerprint));
  const candidates: MeasurementCandidate[] = [];
  const add = (key: string, actionId: string | null, issue: IssueRecord, changeAt: string) => {
    if (input.measuredKeys.has(key) || !KINDS.has(issue.resourceKind)) return;
    const windows = measurementWindows(changeAt, input.savings.windowDays, input.savings.latencyDays);
    if (Date.parse(windows.dueAt) > input.now.getTime()) return;
    candidates.push({ key, actionId, issue, kind: issue.resourceKind as ResourceKind, changeAt, windows });
  };
  for (const action of input.actions) {
    if (action.state !== 'verified') continue;
    const issue = byFingerprint.get(action.fingerprint);
    if (issue !== undefined) add(`action:${action.id}`, action.id, issue, action.updatedAt);
  }
  for (const issue of input.issues) {
    if (issue.state !== 'resolved' || issue.resolvedAt === null || touched.has(issue.fingerprint)) continue;
    add(`manual:${issue.fingerprint}`, null, issue, issue.resolvedAt);
  }
  return candidates.sort((a, b) => a.changeAt.localeCompare(b.changeAt) || a.key.localeCompare(b.key));
}
