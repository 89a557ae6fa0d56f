import { describe, expect, it } from 'vitest';
import { RoutingSection } from '../../../src/config/routing-section.ts';
import { createAccountDirectory } from '../../../src/tickets/resolve-assignee.ts';

const NOW = new Date('2026-09-15T08:00:00.000Z');

function directoryWith(options: {
  users?: Record<string, string>;
  lookup?: Record<string, string>;
  tracker?: boolean;
}) {
  const searched: string[] = [];
  const tracker =
    options.tracker === false
      ? undefined
      : {
          findAccountId: async (email: string) => {
            searched.push(email);
            return options.lookup?.[email];
          },
        };
  const directory = createAccountDirectory({
    routing: RoutingSection.parse({ users: options.users ?? {} }),
    cached: [
      { email: 'cached@example.com', accountId: 'acc-cached', cachedAt: '2026-09-14T00:00:00.000Z' },
      { email: 'gone@example.com', accountId: null, cachedAt: '2026-09-14T00:00:00.000Z' },
    ],
    tracker,
    now: NOW,
  });
  return { directory, searched };
}

describe('createAccountDirectory', () => {
  it('answers from routing.users, then the cache read once, without a tracker search', async () => {
    const { directory, searched } = directoryWith({ users: { 'lead@example.com': 'acc-lead' } });
    expect(await directory.resolve('lead@example.com')).toEqual({ status: 'resolved', accountId: 'acc-lead' });
    expect(await directory.resolve('Cached@Example.com')).toEqual({ status: 'resolved', accountId: 'acc-cached' });
    expect(await directory.resolve('gone@example.com')).toEqual({ status: 'unknown-user', email: 'gone@example.com' });
    expect(await directory.resolve('5b10ac8d82e05b22cc7d4ef5')).toEqual({
      status: 'resolved',
      accountId: '5b10ac8d82e05b22cc7d4ef5',
    });
    expect(await directory.resolve(undefined)).toEqual({ status: 'none' });
    expect(searched).toEqual([]);
    expect(directory.newEntries()).toEqual([]);
  });

  it('searches each unknown email once per scan and returns the lookups to persist, "not found" included', async () => {
    const { directory, searched } = directoryWith({ lookup: { 'new@example.com': 'acc-new' } });
    expect(await directory.resolve('new@example.com')).toEqual({ status: 'resolved', accountId: 'acc-new' });
    expect(await directory.resolve('new@example.com')).toEqual({ status: 'resolved', accountId: 'acc-new' });
    expect(await directory.resolve('nobody@example.com')).toEqual({
      status: 'unknown-user',
      email: 'nobody@example.com',
    });
    expect(await directory.resolve('nobody@example.com')).toMatchObject({ status: 'unknown-user' });
    expect(searched).toEqual(['new@example.com', 'nobody@example.com']);
    expect(directory.newEntries()).toEqual([
      { email: 'new@example.com', accountId: 'acc-new', cachedAt: NOW.toISOString() },
      { email: 'nobody@example.com', accountId: null, cachedAt: NOW.toISOString() },
    ]);
  });

  it('leaves an uncached email unresolved without a tracker', async () => {
    const { directory } = directoryWith({ tracker: false });
    expect(await directory.resolve('new@example.com')).toEqual({ status: 'not-looked-up', email: 'new@example.com' });
    expect(directory.newEntries()).toEqual([]);
  });
});
