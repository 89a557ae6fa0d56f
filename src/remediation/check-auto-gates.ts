import type { RemediationSection } from '../config/remediation-section.ts';
import { kindShareLimit } from './guardrails.ts';
import { inMaintenanceWindow } from './in-maintenance-window.ts';

/** The resource tag (and its value, case-insensitive) with which an owner opts a resource out of auto actions. */
export const AUTO_OPT_OUT_TAG = 'lakewarden_auto';

export type AutoStopReason =
  | 'opted_out'
  | 'strategy_not_allowed'
  | 'outside_window'
  | 'limit_scan'
  | 'limit_kind_share';

/** What the scan does with one auto finding before the guardrails proper ({@link evaluateGuardrails} in auto mode). */
export type AutoGate =
  | { kind: 'go' }
  /** The notice period has not passed since the issue was filed: nothing happens yet (`applyAfter` ISO). */
  | { kind: 'notice'; applyAfter: string }
  /** A gate stopped it: the issue waits for an approval, commented with `message`. */
  | { kind: 'stop'; reason: AutoStopReason; message: string };

export interface AutoGateInput {
  auto: RemediationSection['auto'];
  strategy: string;
  resource: { kind: string; tags: Readonly<Record<string, string>> };
  /** ISO time the finding's plan was first filed on its issue. */
  filedAt: string;
  now: Date;
  /** Auto actions this scan already started: all, and on this resource kind. */
  started: { total: number; ofKind: number };
  /** Resources of this kind in the scanned snapshot. */
  kindTotal: number;
}

/**
 * The scan-side gates of an auto action (docs/approvals.md "Autonomy: auto"), pure, in this order: the owner's
 * opt-out tag (`lakewarden_auto: off`), the allowed strategies (`remediation.auto.strategies`), the notice
 * period (`noticeHours` since the plan was filed), the maintenance windows, then the per-scan blast radius
 * (`maxPerScan`, and `maxShareOfKind` of the scanned resources of the kind). Scope, savings bounds, change
 * bounds, hourly limits and cool-down are the guardrails' (guardrails.ts) and are checked after these.
 */
export function checkAutoGates(input: AutoGateInput): AutoGate {
  const { auto } = input;
  const optOut = Object.entries(input.resource.tags).find(([key]) => key.toLowerCase() === AUTO_OPT_OUT_TAG);
  if (optOut !== undefined && optOut[1].trim().toLowerCase() === 'off') {
    return stop(
      'opted_out',
      `The resource is tagged ${AUTO_OPT_OUT_TAG}: off, so lakewarden does not change it on its own.`,
    );
  }
  if (auto.strategies.length > 0 && !auto.strategies.includes(input.strategy)) {
    return stop(
      'strategy_not_allowed',
      `Strategy ${input.strategy} is not in remediation.auto.strategies (${auto.strategies.join(', ')}).`,
    );
  }
  const applyAfterMs = Date.parse(input.filedAt) + auto.noticeHours * 3_600_000;
  if (input.now.getTime() < applyAfterMs) return { kind: 'notice', applyAfter: new Date(applyAfterMs).toISOString() };
  if (!inMaintenanceWindow(auto.windows, input.now)) {
    const windows = auto.windows.map((w) => `"${w.cron}" (${w.timezone})`).join(', ');
    return stop('outside_window', `The scan ran outside the maintenance windows (${windows}).`);
  }
  if (input.started.total >= auto.maxPerScan) {
    return stop(
      'limit_scan',
      `This scan already applied ${input.started.total} changes (remediation.auto.maxPerScan).`,
    );
  }
  const ofKind = kindShareLimit(auto.maxShareOfKind, input.kindTotal);
  if (input.started.ofKind >= ofKind) {
    return stop(
      'limit_kind_share',
      `This scan already applied ${input.started.ofKind} changes to the ${input.kindTotal} scanned resources of kind ${input.resource.kind} (at most ${ofKind}, remediation.auto.maxShareOfKind ${auto.maxShareOfKind}).`,
    );
  }
  return { kind: 'go' };
}

function stop(reason: AutoStopReason, message: string): AutoGate {
  return { kind: 'stop', reason, message };
}
