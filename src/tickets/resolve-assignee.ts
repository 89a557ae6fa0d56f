import type { RoutingSection } from '../config/routing-section.ts';
import type { Store } from '../records/store.ts';
import { isEmail } from '../routing/route.ts';
import type { IssueTracker } from './issue-tracker.ts';

/** How long an email → accountId lookup is trusted (ms): 7 days. */
export const ACCOUNT_CACHE_MAX_AGE_MS = 7 * 86_400_000;

export type AssigneeResolution =
  | { status: 'resolved'; accountId: string }
  | { status: 'none' }
  | { status: 'unknown-user'; email: string }
  | { status: 'not-looked-up'; email: string };

/**
 * Turns a route's assignee (email or accountId) into a Jira accountId: configuration `routing.users`
 * first, then the store's cache, then a Jira user search (cached, including "not found").
 * Without a tracker (dry run without credentials) emails stay unresolved (`not-looked-up`).
 */
export async function resolveAssignee(
  assignee: string | undefined,
  deps: { routing: RoutingSection; store: Store; tracker: IssueTracker | undefined; now: Date },
): Promise<AssigneeResolution> {
  if (assignee === undefined) return { status: 'none' };
  if (!isEmail(assignee)) return { status: 'resolved', accountId: assignee };
  const email = assignee.toLowerCase();
  const configured = deps.routing.users[assignee] ?? deps.routing.users[email];
  if (configured !== undefined) return { status: 'resolved', accountId: configured };
  const cached = await deps.store.getCachedAccount(email, ACCOUNT_CACHE_MAX_AGE_MS, deps.now);
  if (cached !== undefined) {
    return cached.accountId === null
      ? { status: 'unknown-user', email }
      : { status: 'resolved', accountId: cached.accountId };
  }
  if (deps.tracker === undefined) return { status: 'not-looked-up', email };
  const accountId = await deps.tracker.findAccountId(email);
  await deps.store.cacheAccount({ email, accountId: accountId ?? null, cachedAt: deps.now.toISOString() });
  return accountId === undefined ? { status: 'unknown-user', email } : { status: 'resolved', accountId };
}
