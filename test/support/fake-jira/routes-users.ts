import { renderUser } from './render.ts';
import { errorReply, type FakeRoute } from './route.ts';

/** /myself, /user/search (prefix match on name or visible email), /user, /user/groups. */
export const userRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/myself$/,
    handle: (state, req) => {
      if (state.credentials === 'dead-200') {
        // fixtures/jira/rest-dead-token-200.json: 200, an empty page, the failure only in a header.
        return {
          status: 200,
          body: { total: 0, isLast: true, values: [] },
          headers: { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' },
        };
      }
      const me = state.users.find((u) => u.accountId === req.callerAccountId);
      if (me === undefined) return errorReply(401, ['Client must be authenticated to access this resource.']);
      return {
        status: 200,
        body: {
          ...renderUser(state, me),
          emailAddress: me.emailAddress,
          locale: 'en_US',
          groups: { size: me.groups.length, items: [] },
          applicationRoles: { size: 1, items: [] },
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user\/search$/,
    handle: (state, req) => {
      const query = (req.query.get('query') ?? '').toLowerCase();
      if (query === '') return errorReply(400, ["One of 'query' or 'accountId' parameters must be provided."]);
      const matches = state.users.filter(
        (u) =>
          u.displayName.toLowerCase().startsWith(query) ||
          u.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(query)) ||
          (!u.emailHidden && u.emailAddress.toLowerCase().startsWith(query)) ||
          // Jira still matches a hidden email exactly; it just does not show it.
          (u.emailHidden && u.emailAddress.toLowerCase() === query),
      );
      return { status: 200, body: matches.map((u) => renderUser(state, u)) };
    },
  },
  {
    // GET /rest/api/3/user?accountId= — emailAddress only when the profile visibility shows it
    // (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-get).
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user$/,
    handle: (state, req) => {
      const user = state.users.find((u) => u.accountId === req.query.get('accountId'));
      if (user === undefined) return errorReply(404, ['The user with the specified accountId does not exist.']);
      return { status: 200, body: renderUser(state, user) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user\/groups$/,
    handle: (state, req) => {
      const user = state.users.find((u) => u.accountId === req.query.get('accountId'));
      if (user === undefined) return errorReply(404, ['The user with the specified accountId does not exist.']);
      return {
        status: 200,
        body: user.groups.map((g) => ({
          name: g.name,
          groupId: g.groupId,
          self: `${state.baseUrl}/rest/api/3/group?groupId=${g.groupId}`,
        })),
      };
    },
  },
];
