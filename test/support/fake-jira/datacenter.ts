import { matchesJql, parseJqlOrReply } from './jql.ts';
import { renderIssue, renderUserById } from './render.ts';
import { errorReply, type FakeReply, type FakeRequest, nextId, tick } from './route.ts';
import { findIssue } from './routes-issues.ts';
import { renderServerInfo } from './routes-server-info.ts';
import type { FakeJiraState, FakeUser } from './types.ts';

/**
 * The Jira Data Center / Server 10 flavour of the fake: REST v2 only, wiki-markup strings for rich text, users
 * by `name`/`key` (the state's `accountId` holds the username), personal access tokens. Endpoints whose v2 shape
 * equals v3 (transitions, properties, editmeta, project, statuses, fields) are answered by the Cloud routes and
 * translated; the rest is Data Center's own. Sources per behaviour:
 * - REST v2 resources and shapes: https://docs.atlassian.com/software/jira/docs/api/REST/latest/ (there is no
 *   `/rest/api/3` on Data Center: such paths answer 404);
 * - rich text is wiki markup (`description`, comment `body` are strings; an ADF object is refused with 400):
 *   https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-createIssue and
 *   https://confluence.atlassian.com/jiracoreserver/text-formatting-notation-help-1431741925.html;
 * - users have `name` and `key`, no `accountId`; assignee is `{ "name": … }`; `GET /user?username=&expand=groups`
 *   lists groups by name: https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/user-getUser;
 * - search pages by `startAt`/`maxResults`/`total` (`POST /rest/api/2/search`), without `nextPageToken`,
 *   `reconcileIssues` or `properties`: https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search-searchUsingSearchRequest;
 * - the changelog comes with `GET /issue/{id}?expand=changelog` (no `/changelog` resource):
 *   https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getIssue;
 * - createmeta pages its `values`: https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getCreateIssueMetaProjectIssueTypes;
 * - `GET /serverInfo` reports `deploymentType` `Server`/`DataCenter`: https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/serverInfo-getServerInfo;
 * - personal access tokens are sent as `Authorization: Bearer`:
 *   https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html;
 * - filters: `POST /filter`, `GET /filter/favourite`, `POST /filter/{id}/permission`:
 *   https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/filter.
 */

/** Routes a v2 request to the Cloud routes under the v3 path (for resources whose shapes are the same). */
export type CloudDispatch = (request: Omit<FakeRequest, 'match'>) => FakeReply;

const V2 = '/rest/api/2';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A user as Data Center shows it: `name` and `key`, no `accountId`. */
export function renderDataCenterUser(state: FakeJiraState, user: FakeUser): Record<string, unknown> {
  return {
    self: `${state.baseUrl}${V2}/user?username=${encodeURIComponent(user.accountId)}`,
    name: user.accountId,
    key: user.accountId,
    displayName: user.displayName,
    active: user.active,
    timeZone: 'Etc/UTC',
    ...(user.emailHidden ? {} : { emailAddress: user.emailAddress }),
  };
}

/** Rewrites a Cloud answer into Data Center terms: users by name/key, `/rest/api/2` links. */
function toDataCenter(state: FakeJiraState, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => toDataCenter(state, v));
  if (typeof value === 'string') return value.replaceAll('/rest/api/3/', '/rest/api/2/');
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.accountId === 'string') {
    const user = state.users.find((u) => u.accountId === object.accountId);
    if (user !== undefined) return renderDataCenterUser(state, user);
    return { name: object.accountId, key: object.accountId, displayName: object.displayName, active: false };
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, toDataCenter(state, v)]));
}

/** True when a JSON value contains an Atlassian Document Format document anywhere. */
function containsAdf(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsAdf);
  if (typeof value !== 'object' || value === null) return false;
  const object = value as Record<string, unknown>;
  if (object.type === 'doc' && 'content' in object) return true;
  return Object.values(object).some(containsAdf);
}

/** Data Center's answer to a rich-text field given as an object (it takes wiki-markup strings only). */
function refuseAdf(field: string): FakeReply {
  return errorReply(400, [], { [field]: 'Operation value must be a string' });
}

/** Translates `{ fields.assignee: { name } }` of a v2 write into the state's accountId; refuses `accountId`. */
function fromDataCenterFields(
  fields: unknown,
): { ok: true; fields: Record<string, unknown> } | { ok: false; reply: FakeReply } {
  const f = { ...record(fields) };
  if (f.description !== undefined && f.description !== null && typeof f.description !== 'string') {
    return { ok: false, reply: refuseAdf('description') };
  }
  if (f.assignee !== undefined && f.assignee !== null) {
    const assignee = record(f.assignee);
    if (typeof assignee.name !== 'string') {
      return { ok: false, reply: errorReply(400, [], { assignee: "expected Object containing a 'name' property" }) };
    }
    f.assignee = { accountId: assignee.name };
  }
  return { ok: true, fields: f };
}

function search(state: FakeJiraState, input: Record<string, unknown>): FakeReply {
  for (const cloudOnly of ['nextPageToken', 'reconcileIssues', 'properties']) {
    if (cloudOnly in input) return errorReply(400, [`Unrecognized field "${cloudOnly}"`]);
  }
  const parsed = parseJqlOrReply(input.jql);
  if (!parsed.ok) return parsed.reply;
  const { clauses } = parsed;
  const startAt = Math.max(0, Number(input.startAt ?? 0));
  const maxResults = Math.max(1, Math.min(1000, Number(input.maxResults ?? 50)));
  const all = state.issues.filter((i) => i.indexed && matchesJql(i, clauses, state.now));
  const fieldsInput = input.fields;
  const fields = Array.isArray(fieldsInput)
    ? fieldsInput.map(String)
    : typeof fieldsInput === 'string'
      ? fieldsInput.split(',')
      : ['*navigable'];
  const issues = all.slice(startAt, startAt + maxResults).map((i) => renderIssue(state, i, fields, undefined));
  return {
    status: 200,
    body: toDataCenter(state, { expand: 'schema,names', startAt, maxResults, total: all.length, issues }),
  };
}

function changelogOf(state: FakeJiraState, issueId: string): Record<string, unknown> {
  const issue = findIssue(state, issueId);
  const histories = (issue?.changelog ?? []).map((h) => ({
    id: h.id,
    author: renderUserById(state, h.authorAccountId),
    created: h.created,
    items: h.items,
  }));
  return { startAt: 0, maxResults: histories.length, total: histories.length, histories };
}

/** One route of the Data Center flavour (anchored on the path under /rest/api/2). */
interface DcRoute {
  method: string;
  pattern: RegExp;
  handle: (state: FakeJiraState, request: FakeRequest, cloud: CloudDispatch) => FakeReply;
}

const routes: DcRoute[] = [
  {
    method: 'GET',
    pattern: /^\/serverInfo$/,
    handle: (state) => ({ status: 200, body: renderServerInfo(state, 'DataCenter', [10, 3, 1]) }),
  },
  {
    method: 'GET',
    pattern: /^\/myself$/,
    handle: (state, req) => {
      const user = state.users.find((u) => u.accountId === req.callerAccountId);
      return user === undefined
        ? errorReply(404, ['no user'])
        : { status: 200, body: renderDataCenterUser(state, user) };
    },
  },
  { method: 'POST', pattern: /^\/search$/, handle: (state, req) => search(state, record(req.body)) },
  {
    method: 'GET',
    pattern: /^\/search$/,
    handle: (state, req) => search(state, Object.fromEntries(req.query.entries())),
  },
  {
    method: 'POST',
    pattern: /^\/issue$/,
    handle: (state, req, cloud) => {
      const translated = fromDataCenterFields(record(req.body).fields);
      if (!translated.ok) return translated.reply;
      const reply = cloud({ ...req, path: '/rest/api/3/issue', body: { fields: translated.fields } });
      return { ...reply, body: toDataCenter(state, reply.body) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/issue\/bulk$/,
    handle: (state, req, cloud) => {
      const updates = record(req.body).issueUpdates;
      if (!Array.isArray(updates)) return errorReply(400, ['issueUpdates is required']);
      const translated: unknown[] = [];
      for (const update of updates) {
        const outcome = fromDataCenterFields(record(update).fields);
        if (!outcome.ok) return outcome.reply;
        translated.push({ fields: outcome.fields });
      }
      const reply = cloud({ ...req, path: '/rest/api/3/issue/bulk', body: { issueUpdates: translated } });
      return { ...reply, body: toDataCenter(state, reply.body) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/issue\/([^/]+)$/,
    handle: (state, req, cloud) => {
      const id = req.match[1] ?? '';
      const reply = cloud({ ...req, path: `/rest/api/3/issue/${id}` });
      if (reply.status !== 200) return reply;
      const body = record(toDataCenter(state, reply.body));
      const expand = (req.query.get('expand') ?? '').split(',');
      if (expand.includes('changelog')) body.changelog = toDataCenter(state, changelogOf(state, id));
      return { status: 200, body };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/issue\/([^/]+)$/,
    handle: (_state, req, cloud) => {
      const body = record(req.body);
      const translated = fromDataCenterFields(body.fields);
      if (!translated.ok) return translated.reply;
      return cloud({ ...req, path: `/rest/api/3/issue/${req.match[1]}`, body: { ...body, fields: translated.fields } });
    },
  },
  { method: 'GET', pattern: /^\/issue\/([^/]+)\/changelog$/, handle: () => errorReply(404, ['null for uri']) },
  {
    method: 'POST',
    pattern: /^\/issue\/([^/]+)\/comment$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return errorReply(404, ['Issue Does Not Exist']);
      const body = record(req.body).body;
      if (typeof body !== 'string') return refuseAdf('comment');
      if (body.trim() === '') return errorReply(400, [], { comment: 'Comment body can not be empty!' });
      const comment = { id: nextId(state), authorAccountId: req.callerAccountId, body, created: tick(state) };
      issue.comments.push(comment);
      issue.updated = comment.created;
      return { status: 201, body: { id: comment.id, body, created: comment.created } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/user\/search$/,
    handle: (state, req) => {
      const query = (req.query.get('username') ?? '').toLowerCase();
      if (query === '') return errorReply(400, ['The username query parameter was not provided']);
      const users = state.users.filter(
        (u) =>
          u.accountId.toLowerCase().startsWith(query) ||
          u.displayName.toLowerCase().startsWith(query) ||
          u.emailAddress.toLowerCase().startsWith(query),
      );
      return { status: 200, body: users.map((u) => renderDataCenterUser(state, u)) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/user$/,
    handle: (state, req) => {
      const user = state.users.find((u) => u.accountId === req.query.get('username'));
      if (user === undefined) return errorReply(404, ["The user named '…' does not exist"]);
      const groups = (req.query.get('expand') ?? '').includes('groups')
        ? { groups: { size: user.groups.length, items: user.groups.map((g) => ({ name: g.name })) } }
        : {};
      return { status: 200, body: { ...renderDataCenterUser(state, user), ...groups } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/issue\/createmeta\/([^/]+)\/issuetypes(\/[^/]+)?$/,
    handle: (state, req, cloud) => {
      const reply = cloud({
        ...req,
        path: `/rest/api/3/issue/createmeta/${req.match[1]}/issuetypes${req.match[2] ?? ''}`,
      });
      if (reply.status !== 200) return reply;
      const { issueTypes, fields, ...page } = record(reply.body);
      const values = (issueTypes ?? fields) as unknown[];
      const startAt = Number(page.startAt ?? 0);
      const isLast = startAt + values.length >= Number(page.total ?? values.length);
      return { status: 200, body: toDataCenter(state, { ...page, isLast, values }) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/filter\/favourite$/,
    handle: (state, req) => ({
      status: 200,
      body: state.filters
        .filter((f) => f.ownerAccountId === req.callerAccountId)
        .map((f) => ({
          self: `${state.baseUrl}${V2}/filter/${f.id}`,
          id: f.id,
          name: f.name,
          jql: f.jql,
          favourite: true,
        })),
    }),
  },
  { method: 'GET', pattern: /^\/filter\/search$/, handle: () => errorReply(404, ['null for uri']) },
  {
    method: 'POST',
    pattern: /^\/filter\/([^/]+)\/permission$/,
    handle: (state, req) => {
      const filter = state.filters.find((f) => f.id === req.match[1]);
      if (filter === undefined) return errorReply(404, ['The selected filter is not available to you']);
      const body = record(req.body);
      if (body.type !== 'project' || typeof body.projectId !== 'string') {
        return errorReply(400, ['type and projectId are required']);
      }
      return { status: 201, body: [{ id: 1, type: 'project', project: { id: body.projectId } }] };
    },
  },
];

/**
 * Answers one request as Jira Data Center would (see the module comment); `cloud` runs the Cloud routes.
 * Paths outside `/rest/api/2` (notably every `/rest/api/3` path) answer 404.
 */
export function handleDataCenter(
  state: FakeJiraState,
  request: Omit<FakeRequest, 'match'>,
  cloud: CloudDispatch,
): FakeReply {
  if (!request.path.startsWith(`${V2}/`)) {
    return errorReply(404, [`null for uri: ${state.baseUrl}${request.path}`]);
  }
  if (request.method !== 'GET' && containsAdf(request.body)) {
    return errorReply(400, ['Jira Data Center takes wiki markup: an Atlassian Document Format object was sent']);
  }
  const sub = request.path.slice(V2.length);
  for (const route of routes) {
    const match = route.pattern.exec(sub);
    if (route.method === request.method && match !== null) return route.handle(state, { ...request, match }, cloud);
  }
  if (!SHARED.some(([method, pattern]) => method === request.method && pattern.test(sub))) {
    return errorReply(404, [`null for uri: ${state.baseUrl}${request.path}`]);
  }
  const reply = cloud({ ...request, path: `/rest/api/3${sub}` });
  return { ...reply, body: toDataCenter(state, reply.body) };
}

/** Resources whose v2 (Data Center) and v3 (Cloud) shapes are the same apart from users and links. */
const SHARED: ReadonlyArray<readonly [string, RegExp]> = [
  ['GET', /^\/issue\/[^/]+\/transitions$/],
  ['POST', /^\/issue\/[^/]+\/transitions$/],
  ['GET', /^\/issue\/[^/]+\/properties\/[^/]+$/],
  ['PUT', /^\/issue\/[^/]+\/properties\/[^/]+$/],
  ['GET', /^\/issue\/[^/]+\/editmeta$/],
  ['GET', /^\/issue\/[^/]+\/comment$/],
  ['GET', /^\/project\/[^/]+$/],
  ['GET', /^\/project\/[^/]+\/statuses$/],
  ['GET', /^\/field$/],
  ['POST', /^\/field$/],
  ['POST', /^\/filter$/],
];
