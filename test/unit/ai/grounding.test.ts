import { describe, expect, it } from 'vitest';
import { groundingChecks } from '../../../src/ai/eval/grounding.ts';
import { createIdentifierTokens } from '../../../src/ai/identifier-tokens.ts';
import { minimizeFinding } from '../../../src/ai/minimize-finding.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

const tokens = createIdentifierTokens();
const finding = minimizeFinding(buildWarehouseFinding(), { hashIdentifiers: true, tokens });
const name = finding.resource.name;

function check(text: string, extra: { toolResults?: unknown[]; exchanged?: string[]; hidden?: string[] } = {}) {
  return groundingChecks({
    text,
    finding,
    toolResults: extra.toolResults ?? [],
    exchanged: extra.exchanged ?? [],
    hidden: extra.hidden ?? [],
  });
}

describe('the deterministic judge of ai eval', () => {
  it('passes figures, dates and tokens found in the finding or a tool result, and checks each separately', () => {
    const checks = check(`${name} cost $112.00 on 2026-10-30; the estimate is $1,290.24 per month.`, {
      toolResults: [{ days: [{ date: '2026-10-30', costUsd: 112 }] }],
    });
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'figure $112.00 is in the evidence',
        'date 2026-10-30 is in the evidence',
        `resource ${name} is in the evidence`,
      ]),
    );
  });

  it('fails an invented figure, an unknown resource token and an invented date, one check each', () => {
    const failed = check('warehouse#ffff cost $999.99 on 2026-01-01.')
      .filter((c) => !c.passed)
      .map((c) => c.name);
    expect(failed).toEqual([
      'figure $999.99 is in the evidence',
      'date 2026-01-01 is in the evidence',
      'resource warehouse#ffff is in the evidence',
    ]);
  });

  it('checks a mentioned planned change against the planned value', () => {
    const change = finding.plan.changes[0];
    expect(change?.field).toBe('auto_stop_mins');
    const good = check(`Set auto_stop_mins to ${String(change?.after)}.`);
    expect(good.find((c) => c.name.startsWith('plan:'))?.passed).toBe(true);
    const bad = check('Set auto_stop_mins to 45.');
    expect(bad.find((c) => c.name.startsWith('plan:'))?.passed).toBe(false);
  });

  it('fails a text that sets a planned field to another value, even when the planned value appears elsewhere', () => {
    const change = finding.plan.changes[0];
    const [before, after] = [String(change?.before), String(change?.after)];
    const plan = (text: string) => check(text).find((c) => c.name.startsWith('plan:'))?.passed;
    expect(plan(`Raise auto_stop_mins from ${before} to ${after}.`)).toBe(true);
    expect(plan(`auto_stop_mins is ${before} today (never stops).`)).toBe(true);
    expect(plan(`Set auto_stop_mins to 30, and after ${after} minutes the warehouse is idle.`)).toBe(false);
    expect(plan(`Raise auto_stop_mins from ${before} to 30.`)).toBe(false);
  });

  it('checks raw Databricks ids and warehouse sizes against the evidence as whole words', () => {
    const failed = (text: string, toolResults: unknown[] = []) =>
      check(text, { toolResults })
        .filter((c) => !c.passed)
        .map((c) => c.name);
    expect(failed('It shares cluster 0906-043955-2yg67vpj.')).toEqual([
      'resource 0906-043955-2yg67vpj is in the evidence',
    ]);
    expect(
      failed('It shares cluster 0906-043955-2yg67vpj.', [{ existing_cluster_id: '0906-043955-2yg67vpj' }]),
    ).toEqual([]);
    expect(failed('Resize it to Small.', [{ risk: 'Smaller clusters; X-Small is the floor' }])).toEqual([
      'size Small is planned or shown',
    ]);
    expect(failed('Resize it to Small.', [{ cluster_size: 'Small' }])).toEqual([]);
  });

  it('fails when a hidden identifier reached the model in any exchange', () => {
    const leak = check('ok', { exchanged: ['{"text":"acme-finance-bi is idle"}'], hidden: ['acme-finance-bi'] });
    expect(leak.at(-1)).toEqual({ name: 'hidden identifier leaked: acme-finance-bi', passed: false });
    expect(check('ok', { exchanged: ['{"text":"fine"}'], hidden: ['acme-finance-bi'] }).at(-1)?.passed).toBe(true);
  });
});
