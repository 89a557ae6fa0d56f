import { applyIssueFields, applyProperties, createFakeIssue } from './issue-writes.ts';
import { renderIssue, renderStatus, renderUserById, statusByName } from './render.ts';
import { errorReply, type FakeRoute, nextId, notFoundIssue, tick } from './route.ts';
import type { FakeIssue, FakeJiraState, FakeTransition } from './types.ts';

const BULK_CREATE_MAX = 50;
const BULK_FETCH_MAX = 100;

/** Finds an issue by id or key. */
export function findIssue(state: FakeJiraState, idOrKey: string): FakeIssue | undefined {
  return state.issues.find((i) => i.id === idOrKey || i.key === idOrKey);
}

/** A list query parameter, repeated (`fields=a&fields=b`, as jira.js sends it) or comma-separated (`fields=a,b`). */
function list(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Transitions available from the issue's current status, in workflow order. */
export function availableTransitions(state: FakeJiraState, issue: FakeIssue): FakeTransition[] {
  return state.workflow.transitions.filter((t) => t.from === '*' || t.from.includes(issue.statusName));
}

/** Moves an issue to a status, appending a changelog entry authored by `accountId` (what Jira does on a transition). */
export function moveIssue(state: FakeJiraState, issue: FakeIssue, statusName: string, accountId: string): void {
  const from = statusByName(state, issue.statusName);
  const to = statusByName(state, statusName);
  const created = tick(state);
  issue.statusName = to.name;
  issue.updated = created;
  issue.indexed = !state.eventualConsistency;
  issue.changelog.push({
    id: nextId(state),
    authorAccountId: accountId,
    created,
    items: [
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: from.id,
        fromString: from.name,
        to: to.id,
        toString: to.name,
      },
    ],
  });
}

/** Resolutions the fake site knows. */
const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate'];

function renderTransition(state: FakeJiraState, t: FakeTransition): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    ...(t.to === undefined ? {} : { to: renderStatus(state, statusByName(state, t.to)) }),
    hasScreen: false,
    isGlobal: t.from === '*',
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    fields:
      t.requiresResolution === true
        ? {
            resolution: {
              required: true,
              name: 'Resolution',
              key: 'resolution',
              operations: ['set'],
              allowedValues: RESOLUTIONS.map((name, i) => ({ id: String(10000 + i), name })),
            },
          }
        : {},
    looped: t.to === undefined,
  };
}

/** Issue endpoints of REST v3: create (single, bulk), bulk fetch, get, edit, properties, comments, transitions, changelog. */
export const issueRoutes: FakeRoute[] = [
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/issue$/,
    handle: (state, req) => {
      const outcome = createFakeIssue(state, req.body, req.callerAccountId);
      if (!outcome.ok) return errorReply(400, [], outcome.errors);
      const { issue } = outcome;
      return {
        status: 201,
        body: { id: issue.id, key: issue.key, self: `${state.baseUrl}/rest/api/3/issue/${issue.id}` },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/issue\/bulk$/,
    handle: (state, req) => {
      const updates = record(req.body).issueUpdates;
      if (!Array.isArray(updates)) return errorReply(400, ['issueUpdates is required']);
      if (updates.length > BULK_CREATE_MAX) {
        return errorReply(400, [
          `The number of issues to create is greater than the maximum allowed (${BULK_CREATE_MAX}).`,
        ]);
      }
      const issues: unknown[] = [];
      const errors: unknown[] = [];
      updates.forEach((update, index) => {
        const outcome = createFakeIssue(state, update, req.callerAccountId);
        if (outcome.ok) {
          const { issue } = outcome;
          issues.push({ id: issue.id, key: issue.key, self: `${state.baseUrl}/rest/api/3/issue/${issue.id}` });
        } else {
          errors.push({
            status: 400,
            elementErrors: { errorMessages: [], errors: outcome.errors },
            failedElementNumber: index,
          });
        }
      });
      return { status: issues.length === 0 && updates.length > 0 ? 400 : 201, body: { issues, errors } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/issue\/bulkfetch$/,
    handle: (state, req) => {
      const body = record(req.body);
      const ids = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
      if (ids.length > BULK_FETCH_MAX) return errorReply(400, [`At most ${BULK_FETCH_MAX} issues can be fetched.`]);
      const fields = Array.isArray(body.fields) ? body.fields.map(String) : ['*navigable'];
      const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
      const issues: unknown[] = [];
      const issueErrors: unknown[] = [];
      for (const id of ids) {
        const issue = findIssue(state, id);
        if (issue === undefined)
          issueErrors.push({ id, errorMessage: 'Issue does not exist or you do not have permission to see it.' });
        else issues.push(renderIssue(state, issue, fields, properties));
      }
      return { status: 200, body: { expand: '', issues, issueErrors } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const fields = list(req.query, 'fields') ?? ['*all'];
      return { status: 200, body: renderIssue(state, issue, fields, list(req.query, 'properties')) };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const body = record(req.body);
      const outcome = applyIssueFields(state, issue, body.fields, body.update);
      if (!outcome.ok) return errorReply(400, [], outcome.errors);
      applyProperties(issue, body.properties);
      issue.updated = tick(state);
      issue.indexed = !state.eventualConsistency;
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const key = decodeURIComponent(req.match[2] ?? '');
      if (!(key in issue.properties)) return errorReply(404, [`The property with key '${key}' does not exist.`]);
      return { status: 200, body: { key, value: issue.properties[key] } };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const key = decodeURIComponent(req.match[2] ?? '');
      if (req.body === undefined || JSON.stringify(req.body).length > 32_768) {
        return errorReply(400, ['The property value must be a non-empty JSON document of at most 32768 characters.']);
      }
      const existed = key in issue.properties;
      issue.properties[key] = structuredClone(req.body);
      return { status: existed ? 200 : 201 };
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const body = record(req.body).body;
      if (typeof body !== 'object' || body === null)
        return errorReply(400, [], { comment: 'Comment body can not be empty!' });
      const comment = { id: nextId(state), authorAccountId: req.callerAccountId, body, created: tick(state) };
      issue.comments.push(comment);
      return { status: 201, body: renderComment(state, issue, comment) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const startAt = Number(req.query.get('startAt') ?? 0);
      const maxResults = Number(req.query.get('maxResults') ?? 100);
      const page = issue.comments.slice(startAt, startAt + maxResults);
      return {
        status: 200,
        body: {
          startAt,
          maxResults,
          total: issue.comments.length,
          comments: page.map((c) => renderComment(state, issue, c)),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const transitions = availableTransitions(state, issue).map((t) => renderTransition(state, t));
      return { status: 200, body: { expand: 'transitions', transitions } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const id = String(record(record(req.body).transition).id ?? '');
      const transition = availableTransitions(state, issue).find((t) => t.id === id);
      if (transition === undefined) return errorReply(400, [`Transition id '${id}' is not valid for this issue.`]);
      const resolution = record(record(record(req.body).fields).resolution).name;
      if (transition.requiresResolution === true && resolution === undefined) {
        return { status: 400, body: { errorMessages: [], errors: { resolution: 'Field Resolution is required.' } } };
      }
      if (transition.requiresResolution !== true && resolution !== undefined) {
        return {
          status: 400,
          body: {
            errorMessages: [],
            errors: {
              resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
            },
          },
        };
      }
      if (resolution !== undefined && !RESOLUTIONS.includes(String(resolution))) {
        return {
          status: 400,
          body: { errorMessages: [], errors: { resolution: `Resolution '${String(resolution)}' is not valid.` } },
        };
      }
      if (transition.to !== undefined) moveIssue(state, issue, transition.to, req.callerAccountId);
      applyProperties(issue, record(req.body).properties);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/,
    handle: (state, req) => {
      const issue = findIssue(state, req.match[1] ?? '');
      if (issue === undefined) return notFoundIssue();
      const startAt = Number(req.query.get('startAt') ?? 0);
      const maxResults = Math.min(100, Number(req.query.get('maxResults') ?? 100));
      const values = issue.changelog.slice(startAt, startAt + maxResults).map((h) => ({
        id: h.id,
        author: renderUserById(state, h.authorAccountId),
        created: h.created,
        items: h.items,
      }));
      return {
        status: 200,
        body: {
          self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/changelog?maxResults=${maxResults}&startAt=${startAt}`,
          maxResults,
          startAt,
          total: issue.changelog.length,
          isLast: startAt + values.length >= issue.changelog.length,
          values,
        },
      };
    },
  },
];

function renderComment(
  state: FakeJiraState,
  issue: FakeIssue,
  comment: { id: string; authorAccountId: string; body: unknown; created: string },
): Record<string, unknown> {
  const author = renderUserById(state, comment.authorAccountId);
  return {
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author,
    updateAuthor: author,
    body: comment.body,
    created: comment.created,
    updated: comment.created,
    jsdPublic: true,
  };
}
