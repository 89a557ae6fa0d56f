import type { Finding } from '../../src/findings/finding.ts';

/**
 * A warehouse-auto-stop-too-long finding whose metadata carries Class B data: a customer-ish name, owner
 * emails and tags (one tag value is an email). Numbers: idle tail 96 h, 24 DBU/h, 0.7 USD/DBU, cost 3,360 USD,
 * estimate 96 × 0.8 × 24 × 0.7 × 30/30 = 1,290.24 USD/month.
 */
export function buildWarehouseFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    fingerprint: '3c9d0e1f2a3b4c5d',
    ruleId: 'warehouse-auto-stop-too-long',
    ruleTitle: 'SQL warehouse auto-stop is off or too long',
    category: 'cost',
    severity: 'medium',
    resource: {
      workspaceId: '1234567890123456',
      kind: 'warehouse',
      id: 'a1b2c3d4e5f60718',
      name: 'acme-finance-bi',
      tags: { owner: 'ana@acme.example', cost_center: 'Acme Finance EMEA' },
      owners: { owner: 'ana@acme.example', creator: 'bob@acme.example' },
    },
    window: { start: '2026-10-01', end: '2026-10-30', days: 30 },
    evidence: [
      {
        fact: 'config.auto_stop_mins',
        label: 'Auto-stop (0 = never)',
        value: 0,
        unit: 'minutes',
        threshold: '0 or more than 30',
      },
      {
        fact: 'idleTailHours',
        label: 'Idle hours after the last query before stopping',
        value: 96,
        unit: 'hours',
        threshold: 'more than 5',
      },
      { fact: 'dbuPerHour', label: 'DBU per hour per cluster', value: 24, unit: 'DBU/hour' },
      { fact: 'usdPerDbu', label: 'List price', value: 0.7, unit: 'USD/DBU' },
      { fact: 'costUsd', label: 'List cost in the window', value: 3360, unit: 'USD' },
    ],
    estimate: {
      usdPerMonth: 1290.24,
      formula: 'idle hours after the last query × 0.8 recoverable × DBU per hour × USD per DBU × 30 / window days',
      usdPerDbu: 0.7,
    },
    plan: {
      strategy: 'warehouse-auto-stop',
      autonomy: 'approval',
      args: { auto_stop_mins: 10 },
      changes: [{ field: 'auto_stop_mins', before: 0, after: 10 }],
      risk: 'None: the warehouse restarts on the next query (cold start of a few seconds).',
      restarts: false,
    },
    template: 'warehouse-auto-stop-too-long',
    params: { maxAutoStopMins: 30, minIdleTailHours: 5, recoverableShare: 0.8, targetAutoStopMins: 10 },
    ...overrides,
  };
}
