import { existsSync } from 'node:fs';
import type { Store } from '../records/store.ts';
import type { OpenedStore } from './create-store.ts';
import type { SqlDialect } from './database-handle.ts';
import { storeDialect } from './store-dialect.ts';

/** Where the store lives: `databaseUrl` as DATABASE_URL, `sqlitePath` as store.sqlitePath (or `':memory:'`). */
export interface StoreLocation {
  databaseUrl?: string;
  sqlitePath: string;
}

/** The {@link Store} port, opened (and migrated) on first need; `open()` gives the kysely handle. */
export interface DeferredStore extends Store {
  /** Known without opening (store-dialect.ts). */
  readonly dialect: SqlDialect;
  /**
   * Opens the store once (later calls, and calls while it opens, share the result) and returns it.
   * A failed open is forgotten, so the next call tries again.
   * @throws what `open` of {@link createDeferredStore} throws (createStore: the driver's or a migration error)
   */
  open(): Promise<OpenedStore>;
}

/**
 * A SQLite store file that does not exist yet is an empty store; it is created (and migrated) on the first write.
 *
 * While not opened, a read (`listIssues`, `getIssueByFingerprint`, `getIssueById`, `listScanRuns`,
 * `listCachedAccounts`, `listSnoozes`, `getFiledPlan`) of a SQLite store whose file does not exist answers
 * what an empty store answers (`[]` or undefined) without creating the file or loading a database module; the
 * file is looked for again on every such read (another process may create it). Every write, `migrate` and
 * `ping` open the store with `open(location)` (createStore, imported by the caller) and delegate;
 * once opened (or opening), every call delegates. Postgres and `':memory:'` open on the first call. `close`
 * closes only a store that was opened.
 * @throws from the call that opens: what `open` throws (same errors as createStore)
 */
export function createDeferredStore(
  location: StoreLocation,
  open: (location: StoreLocation) => Promise<OpenedStore>,
): DeferredStore {
  const dialect = storeDialect(location.databaseUrl);
  const file = dialect === 'sqlite' && location.sqlitePath !== ':memory:' ? location.sqlitePath : undefined;
  let opening: Promise<OpenedStore> | undefined;
  const opened = (): Promise<OpenedStore> => {
    if (opening === undefined) {
      const attempt = open(location);
      opening = attempt;
      attempt.catch(() => {
        if (opening === attempt) opening = undefined;
      });
    }
    return opening;
  };
  const call = async <T>(use: (store: OpenedStore) => Promise<T>): Promise<T> => use(await opened());
  /** A read: `empty` while nothing opened and the SQLite file does not exist, else the opened store's answer. */
  const read = async <T>(empty: T, use: (store: OpenedStore) => Promise<T>): Promise<T> =>
    opening === undefined && file !== undefined && !existsSync(file) ? empty : call(use);
  return {
    dialect,
    open: opened,
    migrate: () => call((s) => s.migrate()),
    ping: () => call((s) => s.ping()),
    listIssues: () => read([], (s) => s.listIssues()),
    getIssueByFingerprint: (fingerprint) => read(undefined, (s) => s.getIssueByFingerprint(fingerprint)),
    getIssueById: (issueId) => read(undefined, (s) => s.getIssueById(issueId)),
    upsertIssue: (record) => call((s) => s.upsertIssue(record)),
    startScanRun: (run) => call((s) => s.startScanRun(run)),
    finishScanRun: (run) => call((s) => s.finishScanRun(run)),
    listScanRuns: (limit) => read([], (s) => s.listScanRuns(limit)),
    listCachedAccounts: (maxAgeMs, now) => read([], (s) => s.listCachedAccounts(maxAgeMs, now)),
    cacheAccount: (entry) => call((s) => s.cacheAccount(entry)),
    listSnoozes: () => read([], (s) => s.listSnoozes()),
    upsertSnooze: (record) => call((s) => s.upsertSnooze(record)),
    saveFiledPlan: (plan) => call((s) => s.saveFiledPlan(plan)),
    getFiledPlan: (fingerprint) => read(undefined, (s) => s.getFiledPlan(fingerprint)),
    async close() {
      const store = await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}
