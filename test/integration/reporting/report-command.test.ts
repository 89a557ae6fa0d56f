import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/commands/report-command.ts';
import { createSavingsWorld, type SavingsWorld } from '../savings/savings-world.ts';

let world: SavingsWorld | undefined;
afterEach(async () => {
  await world?.store.close();
  world = undefined;
});

describe('reportCommand against a store and the fake Jira', () => {
  it('writes --out through the injected writer and reads current statuses from Jira', async () => {
    world = await createSavingsWorld();
    const w = world;
    const filed = await w.fileIssue({ fingerprint: 'ffff000000000001', resourceId: 'wh-1', estimatedSavingsUsd: 321 });
    w.fake.transitionAs(filed.issueKey, w.fake.state.users[1]?.accountId ?? '', 'Approved');
    const written: Array<[string, string]> = [];
    const err: string[] = [];
    const report = await reportCommand(
      {
        store: w.store,
        statuses: w.tracker,
        jiraConfig: w.jiraConfig,
        now: () => new Date('2026-09-30T00:00:00Z'),
        writeText: async (path, text) => {
          written.push([path, text]);
        },
      },
      { format: 'markdown', out: '/tmp/savings.md' },
      { out: () => {}, err: (t) => err.push(t) },
    );
    expect(written).toHaveLength(1);
    expect(written[0]?.[0]).toBe('/tmp/savings.md');
    expect(written[0]?.[1]).toContain('| Approved | 1 |');
    expect(err).toEqual(['wrote markdown report to /tmp/savings.md']);
    // Jira says Approved although the store has no action yet: counted as approved.
    expect(report.totals).toMatchObject({ findings: 1, approved: 1, approvedUsdPerMonth: 321 });
  });

  it('still reports, from the store, when Jira cannot be read', async () => {
    world = await createSavingsWorld();
    const w = world;
    await w.fileIssue({ fingerprint: 'ffff000000000002', resourceId: 'wh-2', estimatedSavingsUsd: 50 });
    w.fake.failNext('POST', /\/search\/jql$/, 500);
    const out: string[] = [];
    const err: string[] = [];
    const report = await reportCommand(
      {
        store: w.store,
        statuses: w.tracker,
        jiraConfig: w.jiraConfig,
        now: () => new Date('2026-09-30T00:00:00Z'),
      },
      { format: 'csv' },
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    expect(report.statusSource).toBe('store');
    expect(err.join('\n')).toContain('Jira statuses unavailable');
    expect(out.join('\n')).toContain('status-counts,To Do,1');
  });
});
