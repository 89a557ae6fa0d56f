import { errorReply, type FakeReply } from './route.ts';
import type { FakeIssue } from './types.ts';

/** A parsed JQL clause of the subset the fake understands. */
export type JqlClause =
  | { kind: 'project'; keys: string[] }
  | { kind: 'labels-in'; labels: string[] }
  | { kind: 'status'; name: string }
  /** `updated >= "-15m"`: updated within the last N minutes of the fake clock (relative date, JQL fields doc). */
  | { kind: 'updated-since'; minutes: number };

/** Thrown for JQL the fake (or Jira) rejects; the handler turns it into a 400 ErrorCollection. */
export class JqlError extends Error {}

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}

/**
 * Parses `clause AND clause …` with clauses `project = X`, `project in (X, Y)`, `labels in (a, "b")`, `labels = x`,
 * `status = "X"`, `updated >= "-<N>m"` (a relative date in minutes, https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Updated);
 * a trailing `ORDER BY …` is ignored. Unbounded (empty) JQL is rejected like Jira does on /search/jql.
 *
 * @throws JqlError for anything else.
 */
export function parseJql(jql: string): JqlClause[] {
  const where = jql
    .replace(/\s+ORDER\s+BY\s+.*$/is, '')
    .replace(/^\s*ORDER\s+BY\s+.*$/is, '')
    .trim();
  if (where === '') {
    throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  return where.split(/\s+AND\s+/i).map((raw): JqlClause => {
    const clause = raw.trim();
    const project = /^project\s*=\s*("[^"]+"|'[^']+'|[A-Za-z0-9_]+)$/i.exec(clause);
    if (project?.[1] !== undefined) return { kind: 'project', keys: [unquote(project[1])] };
    const projectIn = /^project\s+in\s*\(([^)]*)\)$/i.exec(clause);
    if (projectIn?.[1] !== undefined) {
      const keys = projectIn[1]
        .split(',')
        .map(unquote)
        .filter((k) => k !== '');
      if (keys.length === 0) throw new JqlError(`Error in the JQL Query: empty list in '${clause}'.`);
      return { kind: 'project', keys };
    }
    const labelsIn = /^labels\s+in\s*\(([^)]*)\)$/i.exec(clause);
    if (labelsIn?.[1] !== undefined) {
      const labels = labelsIn[1]
        .split(',')
        .map(unquote)
        .filter((l) => l !== '');
      if (labels.length === 0) throw new JqlError(`Error in the JQL Query: empty list in '${clause}'.`);
      return { kind: 'labels-in', labels };
    }
    const labelEq = /^labels\s*=\s*("[^"]+"|'[^']+'|[^\s"']+)$/i.exec(clause);
    if (labelEq?.[1] !== undefined) return { kind: 'labels-in', labels: [unquote(labelEq[1])] };
    const status = /^status\s*=\s*("[^"]+"|'[^']+'|[^\s"']+)$/i.exec(clause);
    if (status?.[1] !== undefined) return { kind: 'status', name: unquote(status[1]) };
    const updated = /^updated\s*>=\s*("-(\d+)m"|'-(\d+)m'|-(\d+)m)$/i.exec(clause);
    const minutes = updated?.[2] ?? updated?.[3] ?? updated?.[4];
    if (minutes !== undefined) return { kind: 'updated-since', minutes: Number(minutes) };
    throw new JqlError(`Error in the JQL Query: the fake Jira does not understand '${clause}'.`);
  });
}

/**
 * Whether an issue satisfies every clause (labels match exactly, as in Jira). `nowMs` is the fake clock for relative
 * dates; like JQL, `updated` compares at minute granularity (the bound is truncated to the minute).
 */
export function matchesJql(issue: FakeIssue, clauses: readonly JqlClause[], nowMs = Date.now()): boolean {
  return clauses.every((clause) => {
    switch (clause.kind) {
      case 'project':
        return clause.keys.some((key) => issue.projectKey.toLowerCase() === key.toLowerCase());
      case 'labels-in':
        return clause.labels.some((label) => issue.labels.includes(label));
      case 'status':
        return issue.statusName.toLowerCase() === clause.name.toLowerCase();
      case 'updated-since': {
        const bound = Math.floor((nowMs - clause.minutes * 60_000) / 60_000) * 60_000;
        return Date.parse(issue.updated) >= bound;
      }
      default: {
        const never: never = clause;
        return never;
      }
    }
  });
}

/** Parses the `jql` of a search request, or Jira's 400 ErrorCollection for JQL the fake cannot read. */
export function parseJqlOrReply(jql: unknown): { ok: true; clauses: JqlClause[] } | { ok: false; reply: FakeReply } {
  try {
    return { ok: true, clauses: parseJql(typeof jql === 'string' ? jql : '') };
  } catch (error) {
    if (error instanceof JqlError) return { ok: false, reply: errorReply(400, [error.message]) };
    throw error;
  }
}
