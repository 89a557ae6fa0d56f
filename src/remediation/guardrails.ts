import type { RemediationSection } from '../config/remediation-section.ts';
import type { FieldChange } from '../findings/field-change.ts';
import type { Autonomy } from '../findings/finding.ts';

/** A compiled scope expression (rules/cel.ts compileCel gives one): bindings in, `true` when in scope. */
export type ScopeProgram = (bindings: Record<string, unknown>) => unknown;

import { resolveAutonomy } from './resolve-autonomy.ts';

export type GuardrailReason =
  | 'kill_switch'
  | 'manual'
  | 'not_auto'
  | 'out_of_scope'
  | 'savings_bounds'
  | 'empty_plan'
  | 'incomplete_plan'
  | 'change_bounds'
  | 'limit_hour'
  | 'limit_auto_hour'
  | 'limit_auto_kind_hour'
  | 'limit_day'
  | 'limit_owner_hour'
  | 'limit_owner_day'
  | 'cooldown'
  | 'restart_guard';

export type GuardrailVerdict =
  | { kind: 'allow' }
  | { kind: 'dry_run' }
  | { kind: 'refuse'; reason: GuardrailReason; message: string };

/** Recent actions counted by the store (actions that reached `applying` or later). */
export interface ActionCounts {
  lastHour: number;
  lastDay: number;
  ownerLastHour: number;
  ownerLastDay: number;
  /** Actions (auto or approved) started in the last hour on resources of the same kind. */
  kindLastHour: number;
  /** ISO time of the last action on this resource, or null. */
  lastActionOnResourceAt: string | null;
}

/** The plan fields the guardrails read (a `Plan` or the parsed issue property's plan). */
export interface GuardedPlan {
  strategy: string;
  autonomy: Autonomy;
  changes: readonly FieldChange[];
  restarts: boolean;
}

export interface GuardrailInput {
  /** approval = an owner approved in Jira; auto = the bot acts on its own within scope. */
  mode: 'approval' | 'auto';
  config: RemediationSection;
  /** Current kill-switch value (config flag or LAKEWARDEN_KILL_SWITCH). */
  killSwitch: boolean;
  ruleId: string;
  plan: GuardedPlan;
  resource: { workspaceId: string; kind: string; id: string; name?: string; tags: Record<string, string> };
  estimateUsdPerMonth: number | null;
  counts: ActionCounts;
  /** `remediation.auto.scope` compiled with compileCel (required in auto mode). */
  scope?: ScopeProgram;
  /** Auto mode: the scanned resources of this resource's kind, for `remediation.auto.maxShareOfKind` per hour. */
  kindTotal?: number;
  now: Date;
}

/**
 * The most auto actions on one resource kind that `share` (remediation.auto.maxShareOfKind) of `kindTotal`
 * scanned resources allows: rounded down, but at least 1 when the share is above 0; 0 when the share is 0.
 */
export function kindShareLimit(share: number, kindTotal: number): number {
  if (share <= 0) return 0;
  return Math.max(1, Math.floor(share * kindTotal));
}

/** Placeholder the add-tags plan uses for values the bot cannot know. */
export const OWNER_TO_SUPPLY = '(owner to supply)';

/** Autonomy after configuration ({@link resolveAutonomy}, the one resolution), for a plan. */
export function effectiveAutonomy(config: RemediationSection, ruleId: string, plan: GuardedPlan): Autonomy {
  return resolveAutonomy(config.autonomy, ruleId, plan.strategy, plan.autonomy);
}

function refuse(reason: GuardrailReason, message: string): GuardrailVerdict {
  return { kind: 'refuse', reason, message };
}

/** Change bounds (docs/approvals.md §4–6): auto-stop and auto-termination never below the floor, never 0 (= never stop). */
export function checkChangeBounds(config: RemediationSection, plan: GuardedPlan): GuardrailVerdict {
  const floors: Record<string, number> = {
    auto_stop_mins: config.bounds.minAutoStopMins,
    autotermination_minutes: config.bounds.minAutoterminationMinutes,
  };
  for (const change of plan.changes) {
    const floor = floors[change.field];
    if (floor === undefined) continue;
    if (typeof change.after !== 'number' || change.after < floor) {
      return refuse(
        'change_bounds',
        `${change.field} would become ${String(change.after)}; lakewarden never sets it below ${floor}.`,
      );
    }
  }
  return { kind: 'allow' };
}

function inScope(scope: ScopeProgram | undefined, resource: GuardrailInput['resource']): boolean {
  if (scope === undefined) return false;
  try {
    return scope({ resource: { ...resource, name: resource.name ?? '' } }) === true;
  } catch {
    return false;
  }
}

/**
 * The guardrails checked before an action is claimed (pure; docs/approvals.md §4–6). Order: kill switch,
 * plan sanity (empty / placeholder values — an unexpected target set is refused, never widened), autonomy
 * (manual never writes; auto needs autonomy auto, the CEL scope and the savings window), change bounds,
 * blast-radius limits (global and per owner, per hour and day; N+1 refused), per-resource cool-down,
 * then dry-run. The kill switch is checked again right before every write by the executor.
 */
export function evaluateGuardrails(input: GuardrailInput): GuardrailVerdict {
  const { config, plan, counts } = input;
  if (input.killSwitch)
    return refuse('kill_switch', 'The lakewarden kill switch is on: no change is made to Databricks.');
  if (plan.changes.length === 0) return refuse('empty_plan', 'The plan has no change; nothing is applied.');
  if (plan.changes.some((c) => c.after === OWNER_TO_SUPPLY)) {
    return refuse(
      'incomplete_plan',
      'The plan has values only the owner can supply; please make this change yourself.',
    );
  }
  const autonomy = effectiveAutonomy(config, input.ruleId, plan);
  if (autonomy === 'manual') {
    return refuse(
      'manual',
      `Strategy ${plan.strategy} is manual for this rule: lakewarden explains, the owner changes.`,
    );
  }
  if (input.mode === 'auto') {
    if (autonomy !== 'auto') return refuse('not_auto', `Strategy ${plan.strategy} needs an approval for this rule.`);
    if (!inScope(input.scope, input.resource)) {
      return refuse('out_of_scope', 'The resource is outside remediation.auto.scope; an approval is needed.');
    }
    const usd = input.estimateUsdPerMonth;
    if (usd === null || usd < config.auto.minSavingsUsdPerMonth || usd > config.auto.maxSavingsUsdPerMonth) {
      return refuse(
        'savings_bounds',
        `The estimate (${usd ?? 'unknown'} USD/month) is outside the auto window ${config.auto.minSavingsUsdPerMonth}–${config.auto.maxSavingsUsdPerMonth}.`,
      );
    }
    if (counts.lastHour >= config.auto.maxPerHour) {
      return refuse(
        'limit_auto_hour',
        `${counts.lastHour} actions in the last hour reached the auto limit of ${config.auto.maxPerHour} (remediation.auto.maxPerHour).`,
      );
    }
    if (input.kindTotal !== undefined) {
      const ofKind = kindShareLimit(config.auto.maxShareOfKind, input.kindTotal);
      if (counts.kindLastHour >= ofKind) {
        return refuse(
          'limit_auto_kind_hour',
          `${counts.kindLastHour} actions in the last hour on resources of kind ${input.resource.kind} reached ${ofKind}, the share remediation.auto.maxShareOfKind (${config.auto.maxShareOfKind}) of the ${input.kindTotal} scanned.`,
        );
      }
    }
  }
  const bounds = checkChangeBounds(config, plan);
  if (bounds.kind !== 'allow') return bounds;
  const limits = config.limits;
  if (counts.lastHour >= limits.perHour) {
    return refuse(
      'limit_hour',
      `${counts.lastHour} actions in the last hour reached the limit of ${limits.perHour}; approve again later.`,
    );
  }
  if (counts.lastDay >= limits.perDay) {
    return refuse(
      'limit_day',
      `${counts.lastDay} actions in the last 24 h reached the limit of ${limits.perDay}; approve again tomorrow.`,
    );
  }
  if (counts.ownerLastHour >= limits.perOwnerPerHour) {
    return refuse(
      'limit_owner_hour',
      `This owner had ${counts.ownerLastHour} actions in the last hour (limit ${limits.perOwnerPerHour}).`,
    );
  }
  if (counts.ownerLastDay >= limits.perOwnerPerDay) {
    return refuse(
      'limit_owner_day',
      `This owner had ${counts.ownerLastDay} actions in the last 24 h (limit ${limits.perOwnerPerDay}).`,
    );
  }
  if (counts.lastActionOnResourceAt !== null) {
    const hoursSince = (input.now.getTime() - Date.parse(counts.lastActionOnResourceAt)) / 3_600_000;
    if (hoursSince < limits.resourceCooldownHours) {
      return refuse(
        'cooldown',
        `lakewarden changed this resource ${hoursSince.toFixed(1)} h ago; the cool-down is ${limits.resourceCooldownHours} h.`,
      );
    }
  }
  if (config.dryRun) return { kind: 'dry_run' };
  return { kind: 'allow' };
}

/**
 * Restart guard (https://docs.databricks.com/api/workspace/clusters/update): `clusters/update` on a RUNNING cluster restarts it,
 * so it is allowed only if the approved plan said it restarts and the policy is `plan`; with
 * `require_terminated` the action is deferred until the cluster is TERMINATED.
 * @param observedState the cluster `state` read just before the write
 */
export function checkRestartGuard(
  policy: RemediationSection['restartPolicy'],
  plan: Pick<GuardedPlan, 'restarts'>,
  observedState: string | undefined,
): GuardrailVerdict {
  if (observedState === 'TERMINATED') return { kind: 'allow' };
  if (observedState === 'RUNNING' && policy === 'plan' && plan.restarts) return { kind: 'allow' };
  return refuse(
    'restart_guard',
    observedState === 'RUNNING'
      ? 'The cluster is RUNNING and editing it would restart it, which the approved plan did not allow; the change waits until the cluster is terminated.'
      : `The cluster is ${observedState ?? 'in an unknown state'}; it can only be edited when RUNNING (with a planned restart) or TERMINATED.`,
  );
}
