import type { RoutingSection } from '../config/routing-section.ts';
import type { AccountCacheEntry } from '../records/store.ts';
import { isEmail } from '../routing/route.ts';
import type { IssueTracker } from '../tracker/issue-tracker.ts';

/** How long an email → accountId lookup is trusted (ms): 7 days. */
export const ACCOUNT_CACHE_MAX_AGE_MS = 7 * 86_400_000;

export type AssigneeResolution =
  | { status: 'resolved'; accountId: string }
  | { status: 'none' }
  | { status: 'unknown-user'; email: string }
  | { status: 'not-looked-up'; email: string };

/** Email → accountId resolution for one scan, over the account cache read once before it. */
export interface AccountDirectory {
  /**
   * Turns a route's assignee (email or accountId) into an accountId: configuration `routing.users` first, then
   * the cache, then a tracker user search (remembered, "not found" included). Without a tracker (dry run without
   * credentials) emails stay unresolved (`not-looked-up`).
   */
  resolve(assignee: string | undefined): Promise<AssigneeResolution>;
  /** The lookups made since the cache was read, for the caller to persist (`Store.cacheAccount`). */
  newEntries(): AccountCacheEntry[];
}

/**
 * An {@link AccountDirectory} over `cached` (the store's entries younger than {@link ACCOUNT_CACHE_MAX_AGE_MS},
 * read once per scan). No store I/O: new lookups are returned by `newEntries()`.
 */
export function createAccountDirectory(deps: {
  routing: RoutingSection;
  cached: readonly AccountCacheEntry[];
  tracker: Pick<IssueTracker, 'findAccountId'> | undefined;
  now: Date;
}): AccountDirectory {
  const known = new Map(deps.cached.map((entry) => [entry.email, entry.accountId]));
  const added: AccountCacheEntry[] = [];
  return {
    async resolve(assignee) {
      if (assignee === undefined) return { status: 'none' };
      if (!isEmail(assignee)) return { status: 'resolved', accountId: assignee };
      const email = assignee.toLowerCase();
      const configured = deps.routing.users[assignee] ?? deps.routing.users[email];
      if (configured !== undefined) return { status: 'resolved', accountId: configured };
      if (!known.has(email)) {
        if (deps.tracker === undefined) return { status: 'not-looked-up', email };
        const found = (await deps.tracker.findAccountId(email)) ?? null;
        known.set(email, found);
        added.push({ email, accountId: found, cachedAt: deps.now.toISOString() });
      }
      const accountId = known.get(email);
      return accountId === null || accountId === undefined
        ? { status: 'unknown-user', email }
        : { status: 'resolved', accountId };
    },
    newEntries: () => [...added],
  };
}
