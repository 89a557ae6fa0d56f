import { describe, expect, it } from 'vitest';
import { readKillSwitch } from '../../../src/config/kill-switch.ts';
import { RemediationSection } from '../../../src/config/remediation-section.ts';
import {
  checkRestartGuard,
  effectiveAutonomy,
  evaluateGuardrails,
  type GuardrailInput,
} from '../../../src/remediation/guardrails.ts';
import { compileCel } from '../../../src/rules/cel.ts';

const NOW = new Date('2026-09-26T12:00:00Z');
const plan = {
  strategy: 'warehouse-auto-stop',
  autonomy: 'approval' as const,
  changes: [{ field: 'auto_stop_mins', before: 120, after: 10 }],
  restarts: false,
};
const zero = {
  lastHour: 0,
  lastDay: 0,
  ownerLastHour: 0,
  ownerLastDay: 0,
  kindLastHour: 0,
  lastActionOnResourceAt: null,
};

function input(overrides: Partial<GuardrailInput> = {}, config: Record<string, unknown> = {}): GuardrailInput {
  return {
    mode: 'approval',
    config: RemediationSection.parse({ dryRun: false, ...config }),
    killSwitch: false,
    ruleId: 'warehouse-auto-stop',
    plan,
    resource: { workspaceId: 'w', kind: 'warehouse', id: 'wh-1', tags: { env: 'dev' } },
    estimateUsdPerMonth: 400,
    counts: zero,
    now: NOW,
    ...overrides,
  };
}

describe('evaluateGuardrails', () => {
  it('allows an approved plan within every limit', () => {
    expect(evaluateGuardrails(input())).toEqual({ kind: 'allow' });
  });

  it('defaults to dry-run (pilots): zero writes unless dryRun is turned off', () => {
    const config = RemediationSection.parse({});
    expect(config.dryRun).toBe(true);
    expect(evaluateGuardrails({ ...input(), config })).toEqual({ kind: 'dry_run' });
  });

  it('refuses everything while the kill switch is on', () => {
    expect(evaluateGuardrails(input({ killSwitch: true }))).toMatchObject({ kind: 'refuse', reason: 'kill_switch' });
  });

  it('never writes for manual autonomy (rule file, strategy or rule override)', () => {
    expect(evaluateGuardrails(input({ plan: { ...plan, autonomy: 'manual' } }))).toMatchObject({ reason: 'manual' });
    expect(
      evaluateGuardrails(input({}, { autonomy: { byStrategy: { 'warehouse-auto-stop': 'manual' } } })),
    ).toMatchObject({
      reason: 'manual',
    });
    const cfg = RemediationSection.parse({
      autonomy: { byStrategy: { 'warehouse-auto-stop': 'manual' }, byRule: { r: 'approval' } },
    });
    expect(effectiveAutonomy(cfg, 'r', plan)).toBe('approval');
    expect(effectiveAutonomy(cfg, 'r', { ...plan, strategy: 'manual' })).toBe('manual');
  });

  it('refuses an empty plan and placeholder values (never widen an unexpected target set)', () => {
    expect(evaluateGuardrails(input({ plan: { ...plan, changes: [] } }))).toMatchObject({ reason: 'empty_plan' });
    const tags = {
      ...plan,
      strategy: 'add-tags',
      changes: [{ field: 'tags.team', before: null, after: '(owner to supply)' }],
    };
    expect(evaluateGuardrails(input({ plan: tags }))).toMatchObject({ reason: 'incomplete_plan' });
  });

  it.each([
    ['auto_stop_mins', 5],
    ['auto_stop_mins', 0],
    ['autotermination_minutes', 9],
    ['autotermination_minutes', 0],
  ])('refuses %s = %d (change bounds)', (field, after) => {
    const bounded = { ...plan, changes: [{ field, before: 120, after }] };
    expect(evaluateGuardrails(input({ plan: bounded }))).toMatchObject({ reason: 'change_bounds' });
  });

  it.each([
    ['limit_hour', { lastHour: 10 }],
    ['limit_day', { lastDay: 50 }],
    ['limit_owner_hour', { ownerLastHour: 3 }],
    ['limit_owner_day', { ownerLastDay: 10 }],
  ] as const)('refuses the N+1th action: %s', (reason, counts) => {
    expect(evaluateGuardrails(input({ counts: { ...zero, ...counts } }))).toMatchObject({ reason });
    const below = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v - 1]));
    expect(evaluateGuardrails(input({ counts: { ...zero, ...below } }))).toEqual({ kind: 'allow' });
  });

  it('enforces the per-resource cool-down', () => {
    expect(
      evaluateGuardrails(input({ counts: { ...zero, lastActionOnResourceAt: '2026-09-26T00:00:00Z' } })),
    ).toMatchObject({
      reason: 'cooldown',
    });
    expect(evaluateGuardrails(input({ counts: { ...zero, lastActionOnResourceAt: '2026-09-25T11:00:00Z' } }))).toEqual({
      kind: 'allow',
    });
  });

  describe('auto mode', () => {
    const scope = compileCel("resource.tags.env == 'dev'");
    const auto = { ...plan, autonomy: 'auto' as const };

    it('needs autonomy auto, the CEL scope and the savings window', () => {
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto, scope }))).toEqual({ kind: 'allow' });
      expect(evaluateGuardrails(input({ mode: 'auto', plan, scope }))).toMatchObject({ reason: 'not_auto' });
      const prod = { workspaceId: 'w', kind: 'warehouse', id: 'wh-1', tags: { env: 'prod' } };
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto, scope, resource: prod }))).toMatchObject({
        reason: 'out_of_scope',
      });
      const untagged = { workspaceId: 'w', kind: 'warehouse', id: 'wh-1', tags: {} };
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto, scope, resource: untagged }))).toMatchObject({
        reason: 'out_of_scope',
      });
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto }))).toMatchObject({ reason: 'out_of_scope' });
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto, scope, estimateUsdPerMonth: 5000 }))).toMatchObject({
        reason: 'savings_bounds',
      });
      expect(
        evaluateGuardrails(
          input({ mode: 'auto', plan: auto, scope, estimateUsdPerMonth: 50 }, { auto: { minSavingsUsdPerMonth: 100 } }),
        ),
      ).toMatchObject({ reason: 'savings_bounds' });
    });

    it('stops at remediation.auto.maxPerHour actions in the last hour (approvals keep their own limit)', () => {
      const counts = { ...zero, lastHour: 2 };
      const limited = { auto: { maxPerHour: 2 } };
      expect(evaluateGuardrails(input({ mode: 'auto', plan: auto, scope, counts }, limited))).toMatchObject({
        reason: 'limit_auto_hour',
      });
      expect(evaluateGuardrails(input({ mode: 'approval', plan: auto, counts }, limited))).toEqual({ kind: 'allow' });
    });

    it('stops at remediation.auto.maxShareOfKind of the scanned resources of the kind in the last hour', () => {
      // 10 % of 30 scanned resources of the kind: at most 3 actions on that kind per hour.
      const share = { auto: { maxShareOfKind: 0.1, maxPerHour: 100 } };
      const at = (kindLastHour: number) =>
        evaluateGuardrails(
          input(
            {
              mode: 'auto',
              plan: auto,
              scope,
              counts: { ...zero, lastHour: kindLastHour, kindLastHour },
              kindTotal: 30,
            },
            share,
          ),
        );
      expect(at(2)).toEqual({ kind: 'allow' });
      expect(at(3)).toMatchObject({ reason: 'limit_auto_kind_hour' });
      expect(
        evaluateGuardrails(
          input({ mode: 'approval', plan: auto, counts: { ...zero, kindLastHour: 3 }, kindTotal: 30 }, share),
        ),
      ).toEqual({ kind: 'allow' });
    });
  });
});

describe('checkRestartGuard', () => {
  it('allows clusters/update on TERMINATED, and on RUNNING only when the plan said it restarts under policy plan', () => {
    expect(checkRestartGuard('plan', { restarts: false }, 'TERMINATED')).toEqual({ kind: 'allow' });
    expect(checkRestartGuard('plan', { restarts: true }, 'RUNNING')).toEqual({ kind: 'allow' });
    expect(checkRestartGuard('plan', { restarts: false }, 'RUNNING')).toMatchObject({ reason: 'restart_guard' });
    expect(checkRestartGuard('require_terminated', { restarts: true }, 'RUNNING')).toMatchObject({
      reason: 'restart_guard',
    });
    expect(checkRestartGuard('plan', { restarts: true }, 'PENDING')).toMatchObject({ reason: 'restart_guard' });
  });
});

describe('readKillSwitch', () => {
  it('is on by config or by a truthy LAKEWARDEN_KILL_SWITCH', () => {
    expect(readKillSwitch(true, {})).toBe(true);
    expect(readKillSwitch(false, {})).toBe(false);
    expect(readKillSwitch(false, { LAKEWARDEN_KILL_SWITCH: '1' })).toBe(true);
    expect(readKillSwitch(false, { LAKEWARDEN_KILL_SWITCH: 'false' })).toBe(false);
    expect(readKillSwitch(false, { LAKEWARDEN_KILL_SWITCH: ' ' })).toBe(false);
  });
});
