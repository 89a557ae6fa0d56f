import { describe, expect, it } from 'vitest';
import { buildWarehouse } from '../../support/resource-builders.ts';
import { evaluateRule, findingOf, isClean } from '../../support/rule-harness.ts';

describe('warehouse-auto-stop-too-long', () => {
  const id = 'warehouse-auto-stop-too-long';

  it('matches a warehouse that never stops and idles after its last queries', () => {
    const finding = findingOf(
      id,
      buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 40, idleTailCount: 1 } }),
    );
    // (40 h − 1 tail × 10 min) × 24 DBU/h × 0.70 USD/DBU × 30/30
    expect(finding.estimate.usdPerMonth).toBe(669.2);
    expect(finding.estimate.usdPerDbu).toBe(0.7);
    expect(finding.plan.args).toEqual({ auto_stop_mins: 10 });
    expect(finding.plan.changes).toEqual([{ field: 'auto_stop_mins', before: 0, after: 10 }]);
    expect(finding.evidence.find((e) => e.fact === 'config.auto_stop_mins')?.threshold).toBe('0 or more than 30');
  });

  it('scales a 15-day window to a month and accepts a long auto-stop', () => {
    const finding = findingOf(
      id,
      buildWarehouse({ config: { auto_stop_mins: 60 }, facts: { idleTailHours: 40, idleTailCount: 40 } }),
      { days: 15 },
    );
    // 40 stops of 60 idle minutes each: (40 h − 40 × 10 min) × 24 × 0.70 × 30/15
    expect(finding.estimate.usdPerMonth).toBe(1120);
  });

  it('nets out the minutes each stop still costs: many short tails recover little', () => {
    // 48 tails of 50 min: every stop still waits the proposed 10 min, 40 min recovered each.
    const many = findingOf(
      id,
      buildWarehouse({ config: { auto_stop_mins: 50 }, facts: { idleTailHours: 40, idleTailCount: 48 } }),
    );
    expect(many.estimate.usdPerMonth).toBe(537.6); // (40 − 8) × 24 × 0.70
    expect(many.evidence.find((e) => e.fact === 'idleTailCount')?.value).toBe(48);
    // 240 tails of 10 min each (stopped by hand at 10 min): nothing to recover, so under the floor, not filed.
    const none = evaluateRule(
      id,
      buildWarehouse({ config: { auto_stop_mins: 45 }, facts: { idleTailHours: 40, idleTailCount: 240 } }),
    );
    expect(none.findings).toEqual([]);
    expect(none.belowMinimum).toBe(1);
  });

  it('takes each tail as auto_stop_mins long in a snapshot collected before idleTailCount existed', () => {
    const { idleTailCount: _absent, ...facts } = buildWarehouse().facts;
    const old = {
      ...buildWarehouse({ config: { auto_stop_mins: 60 } }),
      facts: { ...facts, idleTailHours: 40 },
    };
    // 40 tails of 60 min: (40 − 40 × 10 min) × 24 × 0.70
    expect(findingOf(id, old).estimate.usdPerMonth).toBe(560);
  });

  it('does not match at the thresholds (auto-stop 30 min, or idle tail of exactly 5 h)', () => {
    expect(isClean(id, buildWarehouse({ config: { auto_stop_mins: 30 }, facts: { idleTailHours: 40 } }))).toBe(true);
    expect(isClean(id, buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 5 } }))).toBe(true);
    expect(isClean(id, buildWarehouse())).toBe(true);
  });
});

describe('warehouse-idle-extra-clusters', () => {
  const id = 'warehouse-idle-extra-clusters';

  it('matches min_num_clusters above 1 with idle extra cluster-hours', () => {
    const finding = findingOf(
      id,
      buildWarehouse({ config: { min_num_clusters: 2, max_num_clusters: 4 }, facts: { extraClusterIdleHours: 100 } }),
    );
    expect(finding.estimate.usdPerMonth).toBe(1680); // 100 × 24 × 0.70
    expect(finding.plan.changes).toEqual([{ field: 'min_num_clusters', before: 2, after: 1 }]);
  });

  it('does not match one minimum cluster or 24 idle cluster-hours', () => {
    expect(isClean(id, buildWarehouse({ facts: { extraClusterIdleHours: 100 } }))).toBe(true);
    expect(
      isClean(
        id,
        buildWarehouse({ config: { min_num_clusters: 2, max_num_clusters: 4 }, facts: { extraClusterIdleHours: 24 } }),
      ),
    ).toBe(true);
  });
});

describe('warehouse-oversized', () => {
  const id = 'warehouse-oversized';
  const oversized = { utilizationPct: 5, queriesWithSpill: 0, queuedQueries: 0, runningHours: 100 };

  it('matches a Large warehouse at low utilisation with no spill or queue', () => {
    const finding = findingOf(id, buildWarehouse({ config: { cluster_size: 'Large' }, facts: oversized }));
    expect(finding.estimate.usdPerMonth).toBe(1344); // 3360 × 30/30 × 0.4
    expect(finding.plan.changes).toEqual([{ field: 'cluster_size', before: 'Large', after: 'Medium' }]);
  });

  it('does not match a Medium warehouse, or one where more than 1 % of the statements queue or spill', () => {
    expect(isClean(id, buildWarehouse({ facts: oversized }))).toBe(true);
    const xl = { cluster_size: 'X-Large' };
    expect(
      isClean(id, buildWarehouse({ config: xl, facts: { ...oversized, queryCount: 1000, queuedQueries: 11 } })),
    ).toBe(true);
    expect(
      isClean(id, buildWarehouse({ config: xl, facts: { ...oversized, queryCount: 1000, queriesWithSpill: 11 } })),
    ).toBe(true);
  });

  it('tolerates a little spill and queueing (up to 1 % of the statements each)', () => {
    const finding = findingOf(
      id,
      buildWarehouse({
        config: { cluster_size: 'X-Large' },
        facts: { ...oversized, queryCount: 1000, queriesWithSpill: 10, queuedQueries: 10 },
      }),
    );
    expect(finding.evidence.find((e) => e.fact === 'queriesWithSpill')?.threshold).toBe(
      'at most 1 % of the statements',
    );
  });
});

describe('warehouse-undersized', () => {
  const id = 'warehouse-undersized';

  it('matches a warehouse where more than 5 % of queries spill, proposing one size up with no saving', () => {
    const finding = findingOf(id, buildWarehouse({ facts: { queryCount: 1000, queriesWithSpill: 100 } }));
    expect(finding.estimate.usdPerMonth).toBe(0);
    expect(finding.estimate.formula).toMatch(/No saving/);
    expect(finding.plan.changes).toEqual([{ field: 'cluster_size', before: 'Medium', after: 'Large' }]);
  });

  it('matches a long p95 queue on its own', () => {
    expect(
      findingOf(id, buildWarehouse({ facts: { queryCount: 1000, queriesWithSpill: 0, p95QueueMs: 60_000 } })).ruleId,
    ).toBe(id);
  });

  it('does not match a healthy warehouse or one with only 100 queries', () => {
    expect(isClean(id, buildWarehouse())).toBe(true);
    expect(isClean(id, buildWarehouse({ facts: { queryCount: 100, queriesWithSpill: 50 } }))).toBe(true);
  });
});

describe('warehouse-missing-tags', () => {
  const id = 'warehouse-missing-tags';

  it('matches a warehouse without cost_center and proposes adding exactly the missing key', () => {
    const finding = findingOf(id, buildWarehouse({ tags: { owner: 'ana@example.com' } }));
    expect(finding.category).toBe('governance');
    expect(finding.estimate.usdPerMonth).toBe(0);
    expect(finding.plan.autonomy).toBe('manual');
    expect(finding.plan.args).toEqual({ missing: ['cost_center'], tags: {} });
    expect(finding.evidence.find((e) => e.fact === 'missingTags')?.value).toBe('cost_center');
  });

  it('does not match a tagged warehouse, nor when configuration requires only present tags', () => {
    expect(isClean(id, buildWarehouse())).toBe(true);
    const onlyOwner = buildWarehouse({ tags: { owner: 'ana@example.com' } });
    expect(
      findingOf(id, buildWarehouse({ tags: {} }), { overrides: { params: { required: ['owner'] } } }).plan.args,
    ).toEqual({ missing: ['owner'], tags: {} });
    expect(() => findingOf(id, onlyOwner, { overrides: { params: { required: ['owner'] } } })).toThrow(
      /expected 1 finding, got 0/,
    );
  });
});
