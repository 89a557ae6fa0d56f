import type { Kysely } from 'kysely';
import { AiRefusal } from './ai-refusal.ts';
import type { AiTables } from './ai-tables.ts';
import type { GenerateRequest, GenerateResult, LanguageModel } from './language-model.ts';

/** The UTC day (YYYY-MM-DD) of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Reserves one model call in today's (UTC) budget, persisted in `ai_call_budget` so restarts and
 * replicas share it. A conditional update (`calls < max`) makes the reservation atomic on SQLite and
 * Postgres.
 * @returns true when the call may proceed; false when `maxCallsPerDay` calls were already made today.
 */
export async function reserveCall(db: Kysely<AiTables>, maxCallsPerDay: number, at: Date): Promise<boolean> {
  const day = utcDay(at);
  await db
    .insertInto('ai_call_budget')
    .values({ day, calls: 0 })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const updated = await db
    .updateTable('ai_call_budget')
    .set((eb) => ({ calls: eb('calls', '+', 1) }))
    .where('day', '=', day)
    .where('calls', '<', maxCallsPerDay)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Calls already made on the UTC day of `at`. */
export async function callsOnDay(db: Kysely<AiTables>, at: Date): Promise<number> {
  const row = await db.selectFrom('ai_call_budget').select('calls').where('day', '=', utcDay(at)).executeTakeFirst();
  return row === undefined ? 0 : Number(row.calls);
}

/**
 * Wraps a model with the per-day call budget: each `generate` first reserves a call and throws
 * AiRefusal('budget') instead of calling the model when the day's budget is spent.
 */
export function withCallBudget(
  model: LanguageModel,
  db: Kysely<AiTables>,
  maxCallsPerDay: number,
  now: () => Date,
): LanguageModel {
  return {
    model: model.model,
    endpoint: model.endpoint,
    region: model.region,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      if (!(await reserveCall(db, maxCallsPerDay, now())))
        throw new AiRefusal('budget', `AI call budget of ${maxCallsPerDay} calls per UTC day is spent`);
      return model.generate(request);
    },
  };
}
