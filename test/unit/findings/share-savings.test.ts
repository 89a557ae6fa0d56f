import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { resourceKeyOf } from '../../../src/findings/share-savings.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { buildCluster, buildSnapshot } from '../../support/resource-builders.ts';
import { compileRuleFile, RULES_DIR } from '../../support/rule-harness.ts';

// An all-purpose cluster that never terminates, running 300 h at 3 % CPU, idle 250 h:
// 11.25 DBU/h × 0.55 USD/DBU = 6.1875 USD per running hour; cost 300 × 6.1875 = 1,856.25 in a 30-day window.
const idleCluster = () =>
  buildCluster({
    config: { autotermination_minutes: 0, state: 'RUNNING' },
    facts: { avgCpuPct: 3, runningHours: 300, idleHours: 250, costUsd: 1856.25 },
  });

describe('shareSavings (through evaluateSnapshot)', () => {
  it('findings on one resource and basis share it: the larger keeps it, the other is included in it', () => {
    const rules = [compileRuleFile('cluster-no-auto-termination'), compileRuleFile('cluster-idle-running')];
    const { findings } = evaluateSnapshot(buildSnapshot([idleCluster()]), rules);
    const idle = findings.find((f) => f.ruleId === 'cluster-idle-running');
    const noAutoTerm = findings.find((f) => f.ruleId === 'cluster-no-auto-termination');
    // idle-running: 250 × 6.1875 = 1,546.88; no-auto-termination: (250 − 4 stretches × 30 min) × 6.1875 = 1,534.50
    expect(idle?.estimate).toMatchObject({ usdPerMonth: 1546.88, grossUsdPerMonth: 1546.88, basis: 'idle-hours' });
    expect(idle?.estimate.includedIn).toBeUndefined();
    expect(noAutoTerm?.estimate).toMatchObject({
      usdPerMonth: 0,
      grossUsdPerMonth: 1534.5,
      basis: 'idle-hours',
      includedIn: idle?.fingerprint,
    });
  });

  it("caps a resource's savings at its cost in the window scaled to a month", () => {
    const cheap = idleCluster();
    cheap.facts.costUsd = 600; // inconsistent on purpose: less than the idle hours are worth
    const { findings } = evaluateSnapshot(buildSnapshot([cheap], 15), [compileRuleFile('cluster-idle-running')]);
    // cap 600 × 30 / 15 = 1,200 USD/month; gross 250 × 6.1875 × 2 = 3,093.75
    expect(findings[0]?.estimate).toMatchObject({
      usdPerMonth: 1200,
      grossUsdPerMonth: 3093.75,
      cappedAtUsdPerMonth: 1200,
    });
  });

  it('anomaly rules declare excess cost, every savings rule declares its basis', async () => {
    const rules = await loadRules(RULES_DIR, RulesSection.parse({ minMonthlySavingsUsd: 1_000_000 }));
    const spikes = rules.filter((r) => r.rule.estimate.type === 'excess').map((r) => r.rule.id);
    expect(spikes.sort()).toEqual([
      'cluster-cost-spike',
      'job-cost-spike',
      'job-runtime-drift',
      'warehouse-cost-spike',
      'workspace-cost-spike',
    ]);
    for (const rule of rules) {
      if (rule.rule.estimate.type === 'savings') expect(rule.rule.estimate.basis, rule.rule.id).toBeDefined();
    }
  });

  it('keys resources by workspace, kind and id', () => {
    expect(resourceKeyOf({ workspaceId: 'w', kind: 'job', id: '1' })).toBe('w|job|1');
  });
});
