import type { RoutingSection } from '../config/routing-section.ts';
import type { Owners } from '../snapshot/schema.ts';
import { isApplicationId, isEmail, type Route } from './route.ts';

/** What routing needs to know about a resource. */
export interface Routable {
  tags: Record<string, string>;
  owners: Owners;
}

/**
 * Resolves the owner of a resource, in order: configured tag keys → the resource's owner
 * identity (owner, creator, run_as; service principals mapped through configuration) → the team map →
 * the default queue (label `lw-unowned`). Pure.
 */
export function resolveRoute(resource: Routable, routing: RoutingSection): Route {
  for (const key of routing.tagKeys) {
    const value = resource.tags[key]?.trim();
    if (value === undefined || value === '') continue;
    const route = routeIdentity(value, `tag ${key}=${value}`, routing);
    if (route !== undefined) return route;
  }
  const identities: Array<[string, string | undefined]> = [
    ['owner', resource.owners.owner],
    ['creator', resource.owners.creator],
    ['run_as', resource.owners.runAs],
  ];
  for (const [label, value] of identities) {
    if (value === undefined || value.trim() === '') continue;
    const route = routeIdentity(value.trim(), `${label} ${value.trim()}`, routing);
    if (route !== undefined) return route;
  }
  return unowned(routing, 'no owner tag or identity could be resolved');
}

/**
 * The team a resource belongs to for reports: the first configured team named by any routing tag or owner
 * identity (service principals through their mapping), even when the route itself goes to a user (an `owner`
 * email tag before a `team` tag). Undefined when no team is named. Pure.
 */
export function resolveTeam(resource: Routable, routing: RoutingSection): string | undefined {
  const values = [
    ...routing.tagKeys.map((key) => resource.tags[key]?.trim()),
    resource.owners.owner,
    resource.owners.creator,
    resource.owners.runAs,
  ];
  for (const raw of values) {
    const value = raw?.trim();
    if (value === undefined || value === '') continue;
    const team = findTeam(value, routing) ?? findTeam(routing.servicePrincipals[value] ?? '', routing);
    if (team !== undefined) return team;
  }
  return undefined;
}

function routeIdentity(value: string, source: string, routing: RoutingSection): Route | undefined {
  const team = findTeam(value, routing);
  if (team !== undefined) return teamRoute(team, source, routing);
  if (isApplicationId(value) || routing.servicePrincipals[value] !== undefined) {
    const mapped = routing.servicePrincipals[value];
    if (mapped === undefined) return undefined;
    const mappedTeam = findTeam(mapped, routing);
    if (mappedTeam !== undefined) return teamRoute(mappedTeam, `${source} (service principal)`, routing);
    if (isEmail(mapped)) return userRoute(mapped, `${source} (service principal)`);
    return undefined;
  }
  if (isEmail(value)) return userRoute(value, source);
  return undefined;
}

function findTeam(value: string, routing: RoutingSection): string | undefined {
  if (routing.teams[value] !== undefined) return value;
  const lower = value.toLowerCase();
  return Object.keys(routing.teams).find((name) => name.toLowerCase() === lower);
}

function teamRoute(team: string, source: string, routing: RoutingSection): Route {
  const config = routing.teams[team];
  const display = config?.displayName ?? `${team} team`;
  if (config?.assignee === undefined) {
    return {
      kind: 'team',
      team,
      assignee: routing.defaultQueue.assignee,
      components: [...(config?.components ?? []), ...routing.defaultQueue.components],
      labels: [...(config?.labels ?? []), ...routing.defaultQueue.labels],
      routedBy: `${source} → ${display} (no assignee configured: default queue)`,
      owner: team,
      projectKey: config?.projectKey,
    };
  }
  return {
    kind: 'team',
    team,
    assignee: config.assignee,
    components: config.components,
    labels: config.labels,
    routedBy: `${source} → ${display}`,
    owner: team,
    projectKey: config.projectKey,
  };
}

function userRoute(email: string, source: string): Route {
  return {
    kind: 'user',
    team: undefined,
    assignee: email,
    components: [],
    labels: [],
    routedBy: `${source} → ${email}`,
    owner: email,
  };
}

/** The default-queue route with the `lw-unowned` label. */
export function unowned(routing: RoutingSection, why: string): Route {
  return {
    kind: 'unowned',
    team: undefined,
    assignee: routing.defaultQueue.assignee,
    components: routing.defaultQueue.components,
    labels: [...routing.defaultQueue.labels, 'lw-unowned'],
    routedBy: `${why} → default queue`,
    owner: null,
  };
}
