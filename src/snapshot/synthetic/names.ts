import type { Rng } from './rng.ts';

/** The six teams of the synthetic account; resources carry `team=<name>`. */
export const TEAMS = ['payments', 'analytics', 'data-eng', 'ml-platform', 'marketing', 'finance-bi'] as const;
export type Team = (typeof TEAMS)[number];

/** Cost centre per team (tag `cost_center`). */
export const COST_CENTERS: Record<Team, string> = {
  payments: 'CC-1010',
  analytics: 'CC-1020',
  'data-eng': 'CC-1030',
  'ml-platform': 'CC-1040',
  marketing: 'CC-1050',
  'finance-bi': 'CC-1060',
};

/**
 * Service principals (application ids) that run jobs, one or two per team. Fixed across seeds so
 * `examples/lakewarden.yaml` can route them (routing.servicePrincipals).
 */
export const SERVICE_PRINCIPALS: ReadonlyArray<{ applicationId: string; team: Team; name: string }> = [
  { applicationId: '6f1c2a9e-3b4d-4e8f-9a01-2b3c4d5e6f70', team: 'payments', name: 'sp-payments-etl' },
  { applicationId: '0d7e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e01', team: 'data-eng', name: 'sp-data-eng-ingest' },
  { applicationId: '9b8a7c6d-5e4f-4a3b-b2c1-d0e9f8a7b6c5', team: 'ml-platform', name: 'sp-ml-training' },
  { applicationId: '3c4d5e6f-7a8b-4c9d-a0e1-f2a3b4c5d6e7', team: 'finance-bi', name: 'sp-finance-reporting' },
];

/**
 * Service principals that no team map knows: jobs running as them have no routable owner unless tagged.
 */
export const UNMAPPED_SERVICE_PRINCIPALS: readonly string[] = ['e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b'];

const FIRST = ['anna', 'ben', 'carla', 'david', 'elena', 'farid', 'grace', 'hugo', 'ines', 'jonas', 'kai', 'lena'];
const LAST = ['smith', 'garcia', 'muller', 'rossi', 'novak', 'tanaka', 'okafor', 'jensen', 'silva', 'kowalski'];

/** Team members: `first.last@example.com`, a stable set per team. */
export function teamMembers(team: Team): string[] {
  const offset = TEAMS.indexOf(team) * 2;
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    const first = FIRST[(offset + i) % FIRST.length] ?? 'user';
    const last = LAST[(offset * 3 + i * 7) % LAST.length] ?? 'name';
    out.push(`${first}.${last}@example.com`);
  }
  return out;
}

/** A person's email: mostly a team member, sometimes anyone. */
export function personEmail(rng: Rng, team: Team): string {
  if (rng.chance(0.85)) return rng.pick(teamMembers(team));
  return `${rng.pick(FIRST)}.${rng.pick(LAST)}@example.com`;
}

/** Workload name stems per team (used for jobs and clusters). */
export const STEMS: Record<Team, readonly string[]> = {
  payments: ['payments-etl', 'card-settlement', 'fraud-scoring', 'ledger-recon', 'chargeback-sync', 'payouts'],
  analytics: ['product-analytics', 'funnel-metrics', 'sessionization', 'ab-test-results', 'kpi-rollup'],
  'data-eng': ['ingest-kafka', 'cdc-postgres', 'bronze-to-silver', 'dq-checks', 'lakehouse-compaction', 'raw-s3-load'],
  'ml-platform': ['feature-store', 'model-training', 'churn-model', 'recsys-embeddings', 'batch-inference'],
  marketing: ['campaign-attribution', 'crm-sync', 'email-engagement', 'ad-spend', 'web-traffic'],
  'finance-bi': ['revenue-reporting', 'gl-close', 'forecast', 'board-metrics', 'cost-allocation'],
};

/** Short prefix per team for warehouse names (e.g. "bi-warehouse-prod"). */
export const WAREHOUSE_PREFIX: Record<Team, readonly string[]> = {
  payments: ['payments', 'ledger'],
  analytics: ['analytics', 'bi', 'dashboards'],
  'data-eng': ['data-eng', 'dq'],
  'ml-platform': ['ml', 'features'],
  marketing: ['marketing', 'growth'],
  'finance-bi': ['finance', 'bi', 'fpa'],
};

/** Warehouse purposes. */
export const WAREHOUSE_PURPOSE = ['warehouse', 'adhoc', 'dashboards', 'reporting', 'serving', 'sql'] as const;

/** Environments used as name suffixes and `env` tags. */
export const ENVIRONMENTS = ['prod', 'prod', 'prod', 'staging', 'dev'] as const;
