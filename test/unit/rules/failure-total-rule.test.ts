import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import { SERIES } from '../../../src/stats/baseline-facts.ts';
import { buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';
import { dailySeries, snapshotWith, withSeries } from './second-wave-series.ts';

const ID = 'warehouse-repeated-query-failures';
const run = (resource: Resource) => {
  const result = evaluateSnapshot(snapshotWith([resource]), [compileRuleFile(ID)]);
  expect(result.errors).toEqual([]);
  return result.findings;
};
const burst = dailySeries({ level: 0, integers: true }).map((v, i) => (i >= 53 ? 15 : v));

describe('warehouse-repeated-query-failures on the all-classes total (live snapshots)', () => {
  it('fires on a burst of failures when the series names no error class; the class shows as unknown', () => {
    const queries = dailySeries({ level: 1000, noise: 0.1, integers: true });
    const [finding, ...more] = run(
      withSeries(buildWarehouse(), { [SERIES.queryCount]: queries, [SERIES.failedQueriesTotal]: burst }),
    );
    expect(more).toEqual([]);
    const value = (fact: string) => finding?.evidence.find((e) => e.fact === fact)?.value;
    expect(value('failureTopClass')).toBeUndefined(); // the class branch did not fire: not shown
    expect(value('failuresRecent')).toBe(110); // 7 × 15 = 105, 2 significant figures
    expect(value('failuresRateBaselinePct')).toBe(0);
  });

  it('stays quiet on a steady total, and uses the class when the series names one', () => {
    const steady = dailySeries({ level: 30, noise: 0.3, integers: true });
    expect(run(withSeries(buildWarehouse(), { [SERIES.failedQueriesTotal]: steady }))).toEqual([]);
    // A named class with steady failures: the class decides, a total burst alone does not fire.
    const named = { 'failedQueries.PARSE_SYNTAX_ERROR': steady, [SERIES.failedQueriesTotal]: burst };
    expect(run(withSeries(buildWarehouse(), named))).toEqual([]);
  });

  it('computes the total facts from the class series when there is no total series', () => {
    const resource = withSeries(buildWarehouse(), { 'failedQueries.A': burst, 'failedQueries.B': burst });
    expect(resource.facts.failuresRecent).toBe(210);
    expect(resource.facts.failuresRecentDays).toBe(7);
  });
});
