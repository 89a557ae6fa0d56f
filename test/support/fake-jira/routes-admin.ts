import { renderUserById } from './render.ts';
import { errorReply, type FakeRoute, nextId } from './route.ts';
import type { FakeFilter, FakeJiraState } from './types.ts';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function renderFilter(state: FakeJiraState, filter: FakeFilter): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/filter/${filter.id}`,
    id: filter.id,
    name: filter.name,
    description: filter.description,
    jql: filter.jql,
    owner: renderUserById(state, filter.ownerAccountId),
    viewUrl: `${state.baseUrl}/issues/?filter=${filter.id}`,
    searchUrl: `${state.baseUrl}/rest/api/3/search/jql?jql=${encodeURIComponent(filter.jql)}`,
    favourite: false,
    sharePermissions: [],
    editPermissions: [],
  };
}

/** /field GET and POST (custom fields), /filter POST and /filter/search GET (for reporting). */
export const adminRoutes: FakeRoute[] = [
  { method: 'GET', pattern: /^\/rest\/api\/3\/field$/, handle: (state) => ({ status: 200, body: state.fields }) },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/field$/,
    handle: (state, req) => {
      const body = record(req.body);
      if (typeof body.name !== 'string' || typeof body.type !== 'string') {
        return errorReply(400, [], { name: 'The custom field name and type are required.' });
      }
      const numeric = Number(nextId(state));
      const id = `customfield_${numeric}`;
      const isNumber = body.type.endsWith(':float');
      const field = {
        id,
        key: id,
        name: body.name,
        custom: true,
        schema: { type: isNumber ? 'number' : 'string', custom: body.type, customId: numeric },
      };
      state.fields.push(field);
      return {
        status: 201,
        body: {
          ...field,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [`cf[${numeric}]`, body.name],
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/filter$/,
    handle: (state, req) => {
      const body = record(req.body);
      if (typeof body.name !== 'string' || body.name.trim() === '') {
        return errorReply(400, [], { filterName: 'You must specify a name to save this filter as.' });
      }
      if (state.filters.some((f) => f.name === body.name && f.ownerAccountId === req.callerAccountId)) {
        return errorReply(400, [], { filterName: 'Filter with same name already exists.' });
      }
      const filter: FakeFilter = {
        id: nextId(state),
        name: body.name,
        jql: typeof body.jql === 'string' ? body.jql : '',
        description: typeof body.description === 'string' ? body.description : '',
        ownerAccountId: req.callerAccountId,
      };
      state.filters.push(filter);
      return { status: 200, body: renderFilter(state, filter) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/filter\/search$/,
    handle: (state, req) => {
      const name = (req.query.get('filterName') ?? '').toLowerCase();
      const startAt = Number(req.query.get('startAt') ?? 0);
      const maxResults = Number(req.query.get('maxResults') ?? 50);
      const all = state.filters.filter((f) => f.name.toLowerCase().includes(name));
      const values = all.slice(startAt, startAt + maxResults).map((f) => renderFilter(state, f));
      return {
        status: 200,
        body: {
          self: `${state.baseUrl}/rest/api/3/filter/search?startAt=${startAt}&maxResults=${maxResults}`,
          maxResults,
          startAt,
          total: all.length,
          isLast: startAt + values.length >= all.length,
          values,
        },
      };
    },
  },
];
