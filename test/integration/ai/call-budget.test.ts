import { describe, expect, it } from 'vitest';
import { callsOnDay, reserveCall, utcDay } from '../../../src/ai/call-budget.ts';
import { openAiDatabase } from '../../support/fake-vertex-ai.ts';

describe('per-day AI call budget (SQLite through the store migrations)', () => {
  it('reserves up to the maximum per UTC day, refuses beyond, and starts again the next UTC day', async () => {
    const db = await openAiDatabase();
    const late = new Date('2026-11-02T23:59:59.000Z');
    const next = new Date('2026-11-03T00:00:00.000Z');
    expect(utcDay(late)).toBe('2026-11-02');
    expect([await reserveCall(db, 2, late), await reserveCall(db, 2, late), await reserveCall(db, 2, late)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(await callsOnDay(db, late)).toBe(2);
    expect(await reserveCall(db, 2, next)).toBe(true);
    expect(await callsOnDay(db, next)).toBe(1);
  });

  it('a budget of 0 refuses every call', async () => {
    const db = await openAiDatabase();
    expect(await reserveCall(db, 0, new Date('2026-11-02T10:00:00.000Z'))).toBe(false);
  });
});
