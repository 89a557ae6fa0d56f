import { describe, expect, it } from 'vitest';
import { extractNumbers, isFaithful } from '../../../src/ai/extract-numbers.ts';
import { createIdentifierTokens } from '../../../src/ai/identifier-tokens.ts';
import { minimizeFinding } from '../../../src/ai/minimize-finding.ts';
import { verifyAnalysis, verifyText } from '../../../src/ai/verify-analysis.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

const minimized = minimizeFinding(buildWarehouseFinding(), { hashIdentifiers: true, tokens: createIdentifierTokens() });
const check = (text: string) => verifyText(text, { finding: minimized }, { checkFields: true });

describe('extractNumbers', () => {
  it('normalises thousands separators, currency, percent and k suffixes', () => {
    expect(
      extractNumbers('Costs $1,234.50 (12%) or 1,234.5 or 3.4k DBU').map((n) => [n.value, n.decimals, n.percent]),
    ).toEqual([
      [1234.5, 2, false],
      [12, 0, true],
      [1234.5, 1, false],
      [3400, -1, false],
    ]);
  });

  it('ignores tokens, dates and digits inside identifiers', () => {
    expect(extractNumbers('warehouse#3f9a on 2026-10-01 uses gemini-2.5 and r5d.xlarge with auto_stop_mins')).toEqual(
      [],
    );
  });

  it('accepts faithful roundings and rejects other values', () => {
    const [stated] = extractNumbers('$1,290');
    expect(stated && isFaithful(stated, 1290.24)).toBe(true);
    const [rounded] = extractNumbers('$3,400');
    expect(rounded && isFaithful(rounded, 3360)).toBe(true);
    const [wrong] = extractNumbers('$1,300.50');
    expect(wrong && isFaithful(wrong, 1290.24)).toBe(false);
    const [percent] = extractNumbers('80%');
    expect(percent && isFaithful(percent, 0.8)).toBe(true);
  });
});

describe('verifyText', () => {
  it('accepts numbers, dates and tokens from the evidence', () => {
    const name = minimized.resource.name;
    expect(
      check(`${name} idled 96 hours between 2026-10-01 and 2026-10-30; $1,290.24 per month at $0.70/DBU.`),
    ).toEqual({
      ok: true,
    });
  });

  it('rejects an invented number, date, resource, field or size', () => {
    expect(check('It idled 97 hours.')).toMatchObject({ ok: false, reason: expect.stringContaining('"97"') });
    expect(check('Since 2026-09-15.')).toMatchObject({ ok: false, reason: expect.stringContaining('2026-09-15') });
    expect(check('Like cluster#abcd.')).toMatchObject({ ok: false, reason: expect.stringContaining('cluster#abcd') });
    expect(check('Raise min_num_clusters instead.')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('min_num_clusters'),
    });
    expect(check('Resize it to Small.')).toMatchObject({ ok: false, reason: expect.stringContaining('Small') });
  });

  it('rejects a size in an answer too (no field check), and only sizes named as whole words count as evidence', () => {
    const answer = (text: string, extra: unknown[]) =>
      verifyText(text, { finding: minimized, extra }, { checkFields: false });
    expect(answer('Resize it to Small.', [{ risk: 'Smaller clusters; X-Small is the floor' }])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('size Small'),
    });
    expect(answer('Resize it to Small.', [{ cluster_size: 'Small' }])).toEqual({ ok: true });
    expect(answer('It is X-Small today.', [{ cluster_size: 'X-Small' }])).toEqual({ ok: true });
  });

  it('accepts the planned field and rejects a different planned value', () => {
    expect(check('Setting auto_stop_mins to 10 stops it after idle minutes.')).toEqual({ ok: true });
    expect(check('Setting auto_stop_mins to 15 is enough.')).toMatchObject({ ok: false });
    // 30 is in the evidence (the rule threshold), but the plan sets 10.
    expect(check('Setting auto_stop_mins to 30 is enough.')).toMatchObject({
      ok: false,
      reason: 'fails the plan: auto_stop_mins → 10 as planned check',
    });
    expect(check('Raise auto_stop_mins from 0 to 10.')).toEqual({ ok: true });
  });

  it('verifies all parts of an analysis', () => {
    expect(
      verifyAnalysis(
        { likelyCause: 'Auto-stop is 0.', context: 'Costs $3,360.', checksBeforeApproving: ['Check 42 dashboards.'] },
        minimized,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('"42"') });
  });
});
