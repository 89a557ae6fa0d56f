import type { MoveResult, TransitionHop } from './ticket-port.ts';

/**
 * The four reads and one write a tracker adapter gives `moveThroughWorkflow`. Shapes are Jira's, identical in
 * Cloud REST v3 and Data Center REST v2 (`GET /issue/{id}/transitions?expand=transitions.fields`,
 * `GET /project/{key}/statuses`); the adapter does the HTTP, retries and error mapping.
 */
export interface WorkflowApi {
  /** The issue's `fields` with `status.name`, `project.key` and `issuetype.name`. */
  readIssue(
    id: string,
  ): Promise<{ status?: { name?: unknown }; project?: { key?: unknown }; issuetype?: { name?: unknown } } | undefined>;
  /** The `transitions` array of the transitions list, with `fields` expanded. */
  listTransitions(id: string): Promise<unknown>;
  /** Takes one transition (non-idempotent: the adapter must not retry a 503), with screen fields when given. */
  transition(
    id: string,
    transition: { id: string; to: string },
    fields: Record<string, unknown> | undefined,
  ): Promise<void>;
  /** The project's statuses per issue type (`[{ name, statuses: [{ name }] }]`). */
  projectStatuses(projectKey: string): Promise<unknown>;
}

/** Longest path lakewarden walks to reach a status (To Do → In Progress → In Review → Done is 3). */
export const MAX_HOPS = 4;

/** A transition as `GET /issue/{id}/transitions?expand=transitions.fields` lists it, reduced to what is used. */
interface Edge {
  id: string;
  name: string;
  to: string;
  toCategory: string;
  fields: Record<string, { required?: boolean; name?: string; allowedValues?: Array<{ name?: string }> }>;
}

/**
 * What lakewarden has learned about workflows: status name (lower case) → transitions seen from it. Jira only
 * lists the transitions available from an issue's *current* status (reading a workflow needs admin rights), so
 * the graph grows as issues move; it only guides — every hop is taken from a fresh transitions list.
 */
export type WorkflowGraph = Map<string, Edge[]>;

/** Project key → issue type name (lower case) → status names (lower case) of its workflow. */
export type WorkflowStatuses = Map<string, Map<string, Set<string>>>;

export interface MoveOptions {
  /** Status → resolution for transition screens that ask for one (`jira.resolutions`). */
  resolutions: Record<string, string>;
  /** Statuses never used as an intermediate hop (lakewarden's trigger statuses: approved, rollback). */
  avoid: readonly string[];
  graph: WorkflowGraph;
  /** Cache of the statuses of each project's workflows (read once per project). */
  statuses: WorkflowStatuses;
  maxHops?: number;
}

/**
 * The move options of a tracker adapter: `jira.resolutions`, never through the approved or rollback status, and
 * fresh caches of the learned workflow graph and project statuses (kept for the adapter's lifetime).
 */
export function workflowMoveOptions(jira: {
  resolutions: Record<string, string>;
  statuses: { approved: string; rollback: string };
}): MoveOptions {
  return {
    resolutions: jira.resolutions,
    avoid: [jira.statuses.approved, jira.statuses.rollback],
    graph: new Map(),
    statuses: new Map(),
  };
}

/**
 * Moves an issue to `target`: takes a direct transition when one is listed, otherwise the first hop of a
 * breadth-first path over the transitions learned so far, otherwise explores an unvisited status that is not
 * in the done category and not avoided. Re-reads the available transitions before each hop (they depend on
 * the current status and on conditions), fills a required resolution, and stops after `maxHops`.
 * Transitions whose screen requires another field lakewarden cannot fill are not taken. A target that is not a
 * status of the issue's workflow (`api.projectStatuses`) fails before any move; a search that
 * explored and found no path moves the issue back to where it started when a transition allows it.
 *
 * @returns the hops taken; `reached: false` with the current status and the reason when no path was found
 * @throws whatever the `WorkflowApi` throws (ExternalServiceError / AuthenticationError from the adapters)
 * Shared by the Jira Cloud (`src/jira/move-issue.ts`) and Data Center (`src/jira-datacenter/`) adapters.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getTransitions
 */
export async function moveThroughWorkflow(
  api: WorkflowApi,
  id: string,
  target: string,
  options: MoveOptions,
): Promise<MoveResult> {
  const maxHops = options.maxHops ?? MAX_HOPS;
  const wanted = target.toLowerCase();
  const avoid = new Set(options.avoid.map((s) => s.toLowerCase()).filter((s) => s !== wanted));
  const fields = await api.readIssue(id);
  let current = String(fields?.status?.name ?? '');
  const start = current;
  const hops: TransitionHop[] = [];
  if (current.toLowerCase() === wanted) return { reached: true, hops };
  const projectKey = String(fields?.project?.key ?? '');
  const workflow = await workflowStatuses(api, options.statuses, projectKey, String(fields?.issuetype?.name ?? ''));
  if (workflow !== undefined && !workflow.has(wanted)) {
    return {
      reached: false,
      hops,
      status: current,
      reason: `"${target}" is not a status of the workflow of project ${projectKey} (no path to "${target}")`,
    };
  }
  const visited = new Set([current.toLowerCase()]);
  while (hops.length < maxHops) {
    const answer = { transitions: await api.listTransitions(id) };
    const available = toEdges(answer.transitions).filter((e) => unfillable(e).length === 0);
    options.graph.set(current.toLowerCase(), toEdges(answer.transitions));
    const next =
      available.find((e) => e.to.toLowerCase() === wanted) ??
      firstHopOfPath(options.graph, current, wanted, avoid, available) ??
      available.find(
        (e) => !visited.has(e.to.toLowerCase()) && !avoid.has(e.to.toLowerCase()) && e.toCategory !== 'done',
      );
    if (next === undefined) {
      const all = toEdges(answer.transitions);
      const offered = all.map((e) => `${e.name} → ${e.to}`).join(', ');
      const blocked = all
        .filter((e) => unfillable(e).length > 0)
        .map((e) => `; "${e.name}" requires ${unfillable(e).join(', ')}`)
        .join('');
      let reason = `no transition path to "${target}" from "${current}" (available: ${offered === '' ? 'none' : offered}${blocked})`;
      const stuck = current;
      if (hops.length > 0) {
        // Leave the issue where it was found, when the workflow allows it.
        const back = available.find((e) => e.to.toLowerCase() === start.toLowerCase());
        if (back !== undefined) {
          await doTransition(api, id, back, options.resolutions);
          hops.push({ transition: back.name, from: stuck, to: back.to });
          current = back.to;
          reason += `; moved back to "${back.to}"`;
        }
      }
      return { reached: false, hops, status: current, reason };
    }
    await doTransition(api, id, next, options.resolutions);
    hops.push({ transition: next.name, from: current, to: next.to });
    current = next.to;
    visited.add(current.toLowerCase());
    if (current.toLowerCase() === wanted) return { reached: true, hops };
  }
  return {
    reached: false,
    hops,
    status: current,
    reason: `no path from the starting status to "${target}" within ${maxHops} transitions (stopped at "${current}")`,
  };
}

/**
 * The statuses of the workflow of `issueType` in `projectKey`, read once per project; undefined when Jira does
 * not say (then the transitions alone decide).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-statuses-get
 */
async function workflowStatuses(
  api: WorkflowApi,
  cache: WorkflowStatuses,
  projectKey: string,
  issueType: string,
): Promise<Set<string> | undefined> {
  if (projectKey === '') return undefined;
  let byType = cache.get(projectKey);
  if (byType === undefined) {
    const answer = await api.projectStatuses(projectKey);
    byType = new Map();
    for (const type of Array.isArray(answer) ? (answer as Array<{ name?: unknown; statuses?: unknown }>) : []) {
      const statuses = Array.isArray(type.statuses) ? (type.statuses as Array<{ name?: unknown }>) : [];
      const names = statuses.flatMap((s) => (typeof s.name === 'string' ? [s.name.toLowerCase()] : []));
      if (typeof type.name === 'string') byType.set(type.name.toLowerCase(), new Set(names));
    }
    cache.set(projectKey, byType);
  }
  return byType.get(issueType.toLowerCase());
}

function toEdges(transitions: unknown): Edge[] {
  if (!Array.isArray(transitions)) return [];
  return transitions.flatMap((t): Edge[] => {
    const view = t as {
      id?: unknown;
      name?: unknown;
      isAvailable?: unknown;
      to?: { name?: unknown; statusCategory?: { key?: unknown } };
      fields?: unknown;
    };
    // Transitions without `to` (looped, seen on team-managed projects) lead nowhere.
    if (typeof view.id !== 'string' || typeof view.to?.name !== 'string' || view.isAvailable === false) return [];
    return [
      {
        id: view.id,
        name: typeof view.name === 'string' ? view.name : view.id,
        to: view.to.name,
        toCategory: typeof view.to.statusCategory?.key === 'string' ? view.to.statusCategory.key : '',
        fields: typeof view.fields === 'object' && view.fields !== null ? (view.fields as Edge['fields']) : {},
      },
    ];
  });
}

/** Required fields of a transition screen other than the resolution (which lakewarden fills). */
function unfillable(edge: Edge): string[] {
  return Object.entries(edge.fields)
    .filter(([id, field]) => field.required === true && id !== 'resolution')
    .map(([id, field]) => field.name ?? id);
}

/** Breadth-first search over the learned graph; the first hop must be among the transitions available now. */
function firstHopOfPath(
  graph: WorkflowGraph,
  from: string,
  wanted: string,
  avoid: ReadonlySet<string>,
  available: readonly Edge[],
): Edge | undefined {
  const start = from.toLowerCase();
  const firstHop = new Map<string, Edge>();
  const queue: string[] = [];
  for (const edge of available) {
    const to = edge.to.toLowerCase();
    if (to === start || avoid.has(to) || firstHop.has(to)) continue;
    if (to !== wanted && edge.toCategory === 'done') continue;
    firstHop.set(to, edge);
    queue.push(to);
  }
  const seen = new Set([start, ...queue]);
  while (queue.length > 0) {
    const status = queue.shift() as string;
    const via = firstHop.get(status) as Edge;
    if (status === wanted) return via;
    for (const edge of graph.get(status) ?? []) {
      const to = edge.to.toLowerCase();
      if (seen.has(to) || avoid.has(to) || (to !== wanted && edge.toCategory === 'done')) continue;
      seen.add(to);
      firstHop.set(to, via);
      queue.push(to);
    }
  }
  return undefined;
}

/**
 * The resolution to send: the configured one for the target status, else — when the transition screen
 * requires a resolution — "Done" if allowed, else the first allowed value.
 */
function chooseResolution(edge: Edge, configured: Record<string, string>): string | undefined {
  const explicit = Object.entries(configured).find(([status]) => status.toLowerCase() === edge.to.toLowerCase())?.[1];
  if (explicit !== undefined) return explicit;
  const field = edge.fields.resolution;
  if (field?.required !== true) return undefined;
  const allowed = (field.allowedValues ?? []).flatMap((v) => (v.name === undefined ? [] : [v.name]));
  return allowed.find((n) => n.toLowerCase() === 'done') ?? allowed[0];
}

function mentionsResolution(error: unknown): boolean {
  return /resolution/i.test(error instanceof Error ? error.message : String(error));
}

async function doTransition(
  api: WorkflowApi,
  id: string,
  edge: Edge,
  resolutions: Record<string, string>,
): Promise<void> {
  const resolution = chooseResolution(edge, resolutions);
  const move = (withResolution: boolean) =>
    api.transition(
      id,
      { id: edge.id, to: edge.to },
      withResolution && resolution !== undefined ? { resolution: { name: resolution } } : undefined,
    );
  try {
    await move(true);
  } catch (error) {
    // `expand=transitions.fields` can under- or over-report the resolution: when Jira says the field cannot be
    // set, try once without it.
    if (resolution === undefined || !mentionsResolution(error)) throw error;
    await move(false);
  }
}
