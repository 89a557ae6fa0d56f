import type { Kysely } from 'kysely';
import type { ActionState } from '../../remediation/action-machine.ts';
import type { ActionRecord } from '../../remediation/action-record.ts';
import type { ActionCounts } from '../../remediation/guardrails.ts';
import type { ActionStorePort } from '../../remediation/ports.ts';
import type { Database } from '../database.ts';
import { toActionRecord, toActionRow } from './action-row.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** States that do not count against the blast-radius limits (nothing was or will be written). */
const NOT_COUNTED: ActionState[] = ['queued', 'refused'];

/**
 * ActionStorePort over kysely (SQLite or Postgres; pass a transaction as `db` to join it).
 * - `claim`: one `INSERT … ON CONFLICT (action_key) DO NOTHING RETURNING` — exactly one caller across
 *   replicas gets the row (https://docs.stripe.com/api/idempotent_requests).
 * - `update`: compare-and-set on the state **and** `updated_at` as read, so two writers that both saw the
 *   same state (a live worker and a recovery pass) cannot both advance the action.
 */
export function createKyselyActionStore(db: Kysely<Database>): ActionStorePort & {
  list(query: { states?: readonly ActionState[]; limit: number }): Promise<ActionRecord[]>;
} {
  return {
    async claim(record) {
      const row = await db
        .insertInto('actions')
        .values(toActionRow(record))
        .onConflict((oc) => oc.column('action_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row === undefined ? 'exists' : 'claimed';
    },
    async update(id, expected, patch) {
      const row = await db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined || row.state !== expected) return false;
      const next = toActionRow({ ...toActionRecord(row), ...patch, id });
      const { id: _id, action_key: _key, created_at: _created, ...changes } = next;
      const result = await db
        .updateTable('actions')
        .set(changes)
        .where('id', '=', id)
        .where('state', '=', expected)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async get(id) {
      const row = await db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toActionRecord(row);
    },
    async getByKey(actionKey) {
      const row = await db.selectFrom('actions').selectAll().where('action_key', '=', actionKey).executeTakeFirst();
      return row === undefined ? undefined : toActionRecord(row);
    },
    async listByStates(states) {
      if (states.length === 0) return [];
      const rows = await db
        .selectFrom('actions')
        .selectAll()
        .where('state', 'in', [...states])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toActionRecord);
    },
    async list(query) {
      let select = db.selectFrom('actions').selectAll();
      if (query.states !== undefined && query.states.length > 0)
        select = select.where('state', 'in', [...query.states]);
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toActionRecord);
    },
    async countRecent(query): Promise<ActionCounts> {
      const now = query.now.getTime();
      const dayAgo = new Date(now - DAY_MS).toISOString();
      const rows = await db
        .selectFrom('actions')
        .selectAll()
        .where('state', 'not in', NOT_COUNTED)
        .where('created_at', '>', dayAgo)
        .execute();
      const recent = rows.map(toActionRecord);
      const hour = recent.filter((r) => now - Date.parse(r.createdAt) < HOUR_MS);
      const day = recent.filter((r) => now - Date.parse(r.createdAt) < DAY_MS);
      const last = await db
        .selectFrom('actions')
        .select('created_at')
        .where('state', 'not in', NOT_COUNTED)
        .where('resource_kind', '=', query.resource.kind)
        .where('resource_id', '=', query.resource.id)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        lastHour: hour.length,
        lastDay: day.length,
        ownerLastHour: hour.filter((r) => r.owner === query.owner).length,
        ownerLastDay: day.filter((r) => r.owner === query.owner).length,
        kindLastHour: hour.filter((r) => r.resource.kind === query.resource.kind).length,
        lastActionOnResourceAt: last?.created_at ?? null,
      };
    },
  };
}
