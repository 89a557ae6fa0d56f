import type { ServiceLevels } from '../server/metrics.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import type { SavingsLedgerTable } from '../store/savings-store.ts';

/**
 * Reads the savings and per-strategy action levels for `/metrics` (one query each, at scrape time, so every
 * replica reports the same store-wide numbers): the estimated monthly savings of open findings (issues not
 * resolved or declined, USD), the verified savings of the ledger (USD per month) and actions per strategy × state.
 * @throws the driver's error when the store is unreachable (the metrics keep their last values).
 */
export async function readServiceLevels(handle: DatabaseHandle): Promise<ServiceLevels> {
  const open = await handle.db
    .selectFrom('issues')
    .select((eb) => eb.fn.sum<number | string | null>('estimated_savings_usd').as('usd'))
    .where('state', '!=', 'resolved')
    .where('declined_at', 'is', null)
    .executeTakeFirst();
  const verified = await handle.db
    .withTables<{ savings_ledger: SavingsLedgerTable }>()
    .selectFrom('savings_ledger')
    .select((eb) => eb.fn.sum<number | string | null>('verified_usd_per_month').as('usd'))
    .executeTakeFirst();
  const actions = await handle.db
    .selectFrom('actions')
    .select((eb) => ['strategy', 'state', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['strategy', 'state'])
    .execute();
  return {
    estimatedUsdPerMonth: Number(open?.usd ?? 0),
    verifiedUsdPerMonth: Number(verified?.usd ?? 0),
    actionsByStrategy: actions.map((r) => ({ strategy: r.strategy, state: r.state, count: Number(r.n) })),
  };
}
