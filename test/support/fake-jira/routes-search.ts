import { matchesJql, parseJqlOrReply } from './jql.ts';
import { renderIssue } from './render.ts';
import { errorReply, type FakeReply, type FakeRoute } from './route.ts';
import type { FakeJiraState } from './types.ts';

const REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

function strings(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return undefined;
}

/** Page tokens are opaque to callers; the fake encodes the offset. */
function encodeToken(offset: number): string {
  return Buffer.from(`fake:${offset}`).toString('base64url');
}

function decodeToken(token: string): number | undefined {
  const match = /^fake:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * `/rest/api/3/search/jql`: JQL subset, `fields` (default id only), `properties` (≤ 5), `reconcileIssues` (≤ 50,
 * makes those issues visible in eventual-consistency mode), paging by `nextPageToken` until `isLast`.
 */
function search(state: FakeJiraState, input: Record<string, unknown>): FakeReply {
  if (state.credentials === 'dead-200') return { status: 200, body: { issues: [], isLast: true } };
  const parsed = parseJqlOrReply(input.jql);
  if (!parsed.ok) return parsed.reply;
  const { clauses } = parsed;
  const properties = strings(input.properties);
  if (properties !== undefined && properties.length > 5)
    return errorReply(400, ['At most 5 properties can be requested.']);
  const reconcile = (strings(input.reconcileIssues) ?? []).map(String);
  if (reconcile.length > 50) return errorReply(400, ['At most 50 issues can be reconciled.']);
  const maxResults = Math.max(1, Math.min(5000, Number(input.maxResults ?? 50)));
  let offset = 0;
  if (typeof input.nextPageToken === 'string') {
    const decoded = decodeToken(input.nextPageToken);
    if (decoded === undefined) return errorReply(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  const visible = state.issues.filter(
    (i) => (i.indexed || reconcile.includes(i.id)) && matchesJql(i, clauses, state.now),
  );
  const page = visible.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= visible.length;
  const fields = strings(input.fields);
  return {
    status: 200,
    body: {
      issues: page.map((i) => renderIssue(state, i, fields, properties)),
      ...(isLast ? {} : { nextPageToken: encodeToken(offset + page.length) }),
      isLast,
    },
  };
}

export const searchRoutes: FakeRoute[] = [
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/search\/jql$/,
    handle: (state, req) => search(state, (req.body ?? {}) as Record<string, unknown>),
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/search\/jql$/,
    handle: (state, req) => search(state, Object.fromEntries(req.query.entries())),
  },
  { method: 'POST', pattern: /^\/rest\/api\/3\/search$/, handle: () => errorReply(410, [REMOVED]) },
  { method: 'GET', pattern: /^\/rest\/api\/3\/search$/, handle: () => errorReply(410, [REMOVED]) },
];
