import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { createTestSchema, pgAvailable, pgUnavailableReason, TEST_DATABASE_URL } from '../../support/postgres.ts';

/** One database the store tests run against: a fresh, migrated store per `open()`. */
export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** undefined when runnable; else the visible reason the suite is skipped. */
  skipReason: string | undefined;
  /**
   * Opens a fresh isolated database (temp SQLite file / new Postgres schema). `openAnother()` opens a
   * second, independent connection (pool) to the same database, as another replica would.
   */
  open(): Promise<{ store: OpenedStore; openAnother: () => Promise<OpenedStore>; cleanup: () => Promise<void> }>;
}

const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  skipReason: undefined,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-store-'));
    const sqlitePath = join(dir, '.lakewarden', 'store.db');
    const opened: OpenedStore[] = [];
    const openAnother = async () => {
      const store = await createStore({ sqlitePath });
      opened.push(store);
      return store;
    };
    const store = await openAnother();
    return {
      store,
      openAnother,
      cleanup: async () => {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresTarget: StoreTarget = {
  name: 'postgres',
  skipReason: pgAvailable ? undefined : `Postgres unreachable at ${TEST_DATABASE_URL}: ${pgUnavailableReason}`,
  async open() {
    const schema = await createTestSchema();
    const opened: OpenedStore[] = [];
    const openAnother = async () => {
      const store = await createStore({ databaseUrl: schema.url, sqlitePath: 'unused' });
      opened.push(store);
      return store;
    };
    const store = await openAnother();
    return {
      store,
      openAnother,
      cleanup: async () => {
        for (const s of opened) await s.close();
        await schema.drop();
      },
    };
  },
};

/** Both dialects; use with `describe.skipIf(target.skipReason !== undefined)(describeName(target), …)`. */
export const storeTargets: readonly StoreTarget[] = [sqliteTarget, postgresTarget];

/** The suite title, carrying the skip reason so a skipped Postgres suite says why in the report. */
export function describeName(target: StoreTarget, subject: string): string {
  return target.skipReason === undefined
    ? `${subject} [${target.name}]`
    : `${subject} [${target.name}] — SKIPPED: ${target.skipReason}`;
}
