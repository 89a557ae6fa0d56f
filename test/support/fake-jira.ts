import { HttpResponse, http, type RequestHandler } from 'msw';
import { handleDataCenter } from './fake-jira/datacenter.ts';
import { defaultWorkflow } from './fake-jira/default-workflow.ts';
import { multiStepWorkflow } from './fake-jira/multi-step-workflow.ts';
import type { FakeReply, FakeRequest, FakeRoute } from './fake-jira/route.ts';
import { nextId, tick } from './fake-jira/route.ts';
import { adminRoutes } from './fake-jira/routes-admin.ts';
import { availableTransitions, findIssue, issueRoutes, moveIssue } from './fake-jira/routes-issues.ts';
import { projectRoutes } from './fake-jira/routes-projects.ts';
import { reportingRoutes } from './fake-jira/routes-reporting.ts';
import { searchRoutes } from './fake-jira/routes-search.ts';
import { serverInfoRoutes } from './fake-jira/routes-server-info.ts';
import { userRoutes } from './fake-jira/routes-users.ts';
import { fakeProject, screenRoutes } from './fake-jira/screens.ts';
import type { FakeCall, FakeComment, FakeJiraState, FakeProject, FakeUser, FakeWorkflow } from './fake-jira/types.ts';

export type {
  FakeCall,
  FakeComment,
  FakeIssue,
  FakeJiraState,
  FakeProject,
  FakeProjectStyle,
  FakeUser,
  FakeWorkflow,
} from './fake-jira/types.ts';
export { defaultWorkflow, fakeProject, multiStepWorkflow };

/** The bot account of fixtures/jira/rest-myself.json. */
export const FAKE_BOT_ACCOUNT_ID = '712020:0d4e7a91-6c2b-4f35-8e0a-b7d1c9f2a3e4';
/** The resource owner of fixtures/jira/rest-issue-changelog-page.json. */
export const FAKE_OWNER_ACCOUNT_ID = '712020:5c1f9d3e-0b7a-4d1e-9a31-2f6d2b7c9e10';
export const FAKE_SAVINGS_FIELD = 'customfield_10050';
/** The bot and the resource owner on the Data Center flavour (usernames: DC has no accountIds). */
export const FAKE_DC_BOT = 'lakewarden';
export const FAKE_DC_OWNER = 'dana.owner';

export interface FakeJiraOptions {
  baseUrl?: string;
  email?: string;
  apiToken?: string;
  projectKey?: string;
  /** The site's projects; default one company-managed project with components (`projectKey`, FIN). */
  projects?: FakeProject[];
  workflow?: FakeWorkflow;
  /** Extra users besides the bot and the default owner. */
  users?: FakeUser[];
  eventualConsistency?: boolean;
  /**
   * `datacenter`: the Jira Data Center 10 flavour (REST v2 only, wiki markup, users by name, PAT as
   * `Authorization: Bearer <apiToken>`; see fake-jira/datacenter.ts). Default `cloud` (REST v3, basic auth).
   */
  flavour?: 'cloud' | 'datacenter';
}

export interface FakeJira {
  baseUrl: string;
  state: FakeJiraState;
  /** msw handlers: `server.use(...fake.handlers)`. */
  handlers: RequestHandler[];
  /** Every request seen, in order (including rejected ones). */
  calls(): FakeCall[];
  /** Non-GET requests. */
  writes(): FakeCall[];
  /** The next `times` requests matching method + path answer `status` with `headers` (e.g. 429 + Retry-After). */
  failNext(method: string, path: RegExp, status: number, headers?: Record<string, string>, times?: number): void;
  /** A person moves the issue through the workflow (recorded in the changelog with that author). */
  transitionAs(issueIdOrKey: string, accountId: string, statusName: string): void;
  /**
   * A person comments on the issue: an ADF body with one paragraph per line of `text` (Cloud REST v3 stores ADF,
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/). Like Jira, a new comment
   * updates the issue's `updated` time (so `updated >= -Nm` JQL finds it).
   */
  commentAs(issueIdOrKey: string, accountId: string, text: string): FakeComment;
  /** Makes every issue visible to search (ends the eventual-consistency window). */
  indexAll(): void;
}

const ROUTES: FakeRoute[] = [
  ...screenRoutes,
  ...issueRoutes,
  ...searchRoutes,
  ...userRoutes,
  ...adminRoutes,
  ...projectRoutes,
  ...reportingRoutes,
  ...serverInfoRoutes,
];

function defaultUsers(email: string, flavour: 'cloud' | 'datacenter'): FakeUser[] {
  if (flavour === 'datacenter') {
    // Data Center groups have names only (no groupId).
    return [
      {
        ...defaultUsers(email, 'cloud')[0],
        accountId: FAKE_DC_BOT,
        groups: [{ name: 'jira-software-users', groupId: '' }],
      },
      {
        ...defaultUsers(email, 'cloud')[1],
        accountId: FAKE_DC_OWNER,
        groups: [
          { name: 'jira-software-users', groupId: '' },
          { name: 'finops-approvers', groupId: '' },
        ],
      },
    ] as FakeUser[];
  }
  return [
    {
      accountId: FAKE_BOT_ACCOUNT_ID,
      displayName: 'lakewarden',
      emailAddress: email,
      active: true,
      accountType: 'atlassian',
      emailHidden: false,
      groups: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
    },
    {
      accountId: FAKE_OWNER_ACCOUNT_ID,
      displayName: 'Dana Owner',
      emailAddress: 'dana.owner@example.com',
      active: true,
      accountType: 'atlassian',
      emailHidden: false,
      groups: [
        { name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' },
        { name: 'finops-approvers', groupId: 'a1b2c3d4-0000-4000-8000-000000000002' },
      ],
    },
  ];
}

function reply(result: FakeReply): Response {
  if (result.body === undefined)
    return new HttpResponse(null, { status: result.status, headers: result.headers ?? {} });
  return HttpResponse.json(result.body as Record<string, unknown>, {
    status: result.status,
    headers: result.headers ?? {},
  });
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A stateful fake of Jira Cloud REST v3 for msw (see test/support/fake-jira/ for the endpoints). Basic auth is
 * checked on every request (401 for other credentials); the caller is the bot account.
 */
export function createFakeJira(options: FakeJiraOptions = {}): FakeJira {
  const flavour = options.flavour ?? 'cloud';
  const baseUrl =
    options.baseUrl ?? (flavour === 'cloud' ? 'https://fake.atlassian.net' : 'https://jira.example.com/jira');
  const email = options.email ?? 'lakewarden-bot@example.com';
  const state: FakeJiraState = {
    baseUrl,
    email,
    apiToken: options.apiToken ?? 'valid-api-token',
    credentials: 'valid',
    botAccountId: flavour === 'cloud' ? FAKE_BOT_ACCOUNT_ID : FAKE_DC_BOT,
    users: [...defaultUsers(email, flavour), ...(options.users ?? [])],
    projects: options.projects ?? [fakeProject(options.projectKey ?? 'FIN', 'company-managed')],
    workflow: options.workflow ?? defaultWorkflow(),
    issues: [],
    fields: [
      { id: 'summary', key: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
      { id: 'labels', key: 'labels', name: 'Labels', custom: false, schema: { type: 'array', system: 'labels' } },
      { id: 'status', key: 'status', name: 'Status', custom: false, schema: { type: 'status', system: 'status' } },
      {
        id: FAKE_SAVINGS_FIELD,
        key: FAKE_SAVINGS_FIELD,
        name: 'Estimated savings (USD/month)',
        custom: true,
        schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10050 },
      },
    ],
    filters: [],
    calls: [],
    failures: [],
    eventualConsistency: options.eventualConsistency ?? false,
    nextIssueNumber: 0,
    nextId: 10450,
    now: Date.parse('2026-09-25T08:00:00.000Z'),
  };

  const contextPath = new URL(baseUrl).pathname.replace(/\/$/, '');

  function authenticate(request: Request): string | undefined {
    const header = request.headers.get('authorization') ?? '';
    // Data Center: a personal access token as a bearer token.
    if (flavour === 'datacenter') return header === `Bearer ${state.apiToken}` ? state.botAccountId : undefined;
    if (!header.startsWith('Basic ')) return undefined;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded === `${state.email}:${state.apiToken}` ? state.botAccountId : undefined;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    // Data Center sites often live under a context path (https://host/jira): routes match below it.
    const path = url.pathname.slice(contextPath.length);
    const body = await readBody(request);
    const record = (status: number): void => {
      const query: Record<string, string> = {};
      for (const name of new Set(url.searchParams.keys())) query[name] = url.searchParams.getAll(name).join(',');
      state.calls.push({ method, path, query, body, status });
    };
    const failure = state.failures.find((f) => f.method === method && f.path.test(path) && f.remaining > 0);
    if (failure !== undefined) {
      failure.remaining -= 1;
      record(failure.status);
      return new HttpResponse(failure.status === 429 ? null : 'Service Unavailable', {
        status: failure.status,
        headers: failure.headers,
      });
    }
    const caller = authenticate(request);
    const deadAllowed = state.credentials === 'dead-200' && /^\/rest\/api\/3\/(myself|search\/jql)$/.test(path);
    // serverInfo can be read anonymously (Cloud and Data Center docs: "Permissions required: None").
    const anonymousAllowed = /^\/rest\/api\/[23]\/serverInfo$/.test(path);
    if (caller === undefined && !deadAllowed && !anonymousAllowed) {
      record(401);
      return HttpResponse.json(
        { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
        { status: 401 },
      );
    }
    const fakeRequest: Omit<FakeRequest, 'match'> = {
      method,
      path,
      query: url.searchParams,
      body,
      callerAccountId: caller ?? '',
    };
    const result =
      flavour === 'datacenter' ? handleDataCenter(state, fakeRequest, cloudRoute) : cloudRoute(fakeRequest);
    record(result.status);
    return reply(result);
  }

  function cloudRoute(request: Omit<FakeRequest, 'match'>): FakeReply {
    for (const route of ROUTES) {
      const match = route.pattern.exec(request.path);
      if (route.method !== request.method || match === null) continue;
      return route.handle(state, { ...request, match });
    }
    return {
      status: 501,
      body: { errorMessages: [`fake Jira does not implement ${request.method} ${request.path}`], errors: {} },
    };
  }

  return {
    baseUrl,
    state,
    handlers: [http.all(`${baseUrl}/*`, ({ request }) => handle(request))],
    calls: () => [...state.calls],
    writes: () => state.calls.filter((c) => c.method !== 'GET'),
    failNext(method, path, status, headers = {}, times = 1) {
      state.failures.push({ method: method.toUpperCase(), path, status, headers, remaining: times });
    },
    transitionAs(issueIdOrKey, accountId, statusName) {
      const issue = findIssue(state, issueIdOrKey);
      if (issue === undefined) throw new Error(`fake Jira: no issue ${issueIdOrKey}`);
      const transition = availableTransitions(state, issue).find((t) => t.to === statusName);
      if (transition?.to === undefined) {
        throw new Error(`fake Jira: no transition from "${issue.statusName}" to "${statusName}"`);
      }
      moveIssue(state, issue, transition.to, accountId);
    },
    commentAs(issueIdOrKey, accountId, text) {
      const issue = findIssue(state, issueIdOrKey);
      if (issue === undefined) throw new Error(`fake Jira: no issue ${issueIdOrKey}`);
      // Data Center stores wiki-markup strings.
      const body =
        flavour === 'datacenter'
          ? text
          : {
              type: 'doc',
              version: 1,
              content: text.split('\n').map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
            };
      const comment: FakeComment = { id: nextId(state), authorAccountId: accountId, body, created: tick(state) };
      issue.comments.push(comment);
      issue.updated = comment.created;
      issue.indexed = !state.eventualConsistency;
      return comment;
    },
    indexAll() {
      for (const issue of state.issues) issue.indexed = true;
    },
  };
}
