import type { z } from 'zod';
import { formatPath } from '../config/format-path.ts';
import { InputError } from '../errors.ts';
import { Resource, SNAPSHOT_SCHEMA_VERSION, Snapshot, SnapshotHeader } from './schema.ts';

/** Below this many resources a snapshot is validated with zod's interpreted parser (`jitless`: no code generation). */
const JIT_MIN_RESOURCES = 2000;

/**
 * Validates parsed JSON as a snapshot. Pure: no I/O.
 * @param data parsed JSON
 * @param origin file name used in error messages
 * @throws InputError naming the file, the record (e.g. `resources[12] (cluster 0123-…)`), the field and what was expected.
 */
export function parseSnapshot(data: unknown, origin: string): Snapshot {
  checkVersion(data, origin);
  const resources = (data as { resources?: unknown }).resources;
  // zod generates a fast path per object schema on first use, which pays off only over a few thousand records.
  const jitless = Array.isArray(resources) && resources.length < JIT_MIN_RESOURCES;
  const result = Snapshot.safeParse(data, { jitless });
  if (!result.success) throw new InputError(`${origin}: ${describeIssues(result.error.issues, data)}`);
  const snapshot = result.data;
  const check = createResourceCheck(snapshot, origin);
  for (const [index, resource] of snapshot.resources.entries()) check(resource, index);
  return snapshot;
}

/**
 * Validates the header of a snapshot (everything but `resources`; the first line of a JSON Lines snapshot).
 * @throws InputError naming the file, the field and what was expected (or the schemaVersion it found).
 */
export function parseSnapshotHeader(data: unknown, origin: string): SnapshotHeader {
  checkVersion(data, origin);
  const result = SnapshotHeader.safeParse(data);
  if (!result.success) throw new InputError(`${origin}: ${describeIssues(result.error.issues, data)}`);
  return result.data;
}

/**
 * Validates one resource record (one line of a JSON Lines snapshot) with the same schema as `resources[]`.
 * @param index position of the record among the resources (0-based), for the error message
 * @throws InputError naming the file, the record (`resources[12] (cluster 0123-…)`), the field and what was expected.
 */
export function parseSnapshotResource(data: unknown, index: number, origin: string): Resource {
  const result = Resource.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: ['resources', index, ...issue.path] }));
  const sparse: unknown[] = [];
  sparse[index] = data;
  throw new InputError(`${origin}: ${describeIssues(issues, { resources: sparse })}`);
}

/**
 * The checks across records a schema cannot express: every resource's workspace is listed in the header and no
 * resource (workspace, kind, id) appears twice. Returns a function to call once per resource, in order.
 * @throws InputError (from the returned function) naming the record.
 */
export function createResourceCheck(
  header: Pick<SnapshotHeader, 'workspaces'>,
  origin: string,
): (resource: Resource, index: number) => void {
  const workspaces = new Set(header.workspaces.map((w) => w.id));
  // The ids seen per workspace and kind: a streamed million-resource snapshot keeps one id string per resource,
  // not a joined key.
  const seen = new Map<string, Set<string>>();
  return (resource, index) => {
    if (!workspaces.has(resource.workspaceId)) {
      const label = `resources[${index}] (${resource.kind} ${resource.id})`;
      throw new InputError(`${origin}: ${label}: workspaceId "${resource.workspaceId}" is not listed in workspaces[]`);
    }
    const scope = `${resource.workspaceId}|${resource.kind}`;
    let ids = seen.get(scope);
    if (ids === undefined) {
      ids = new Set();
      seen.set(scope, ids);
    }
    if (ids.has(resource.id)) {
      throw new InputError(`${origin}: resources[${index}] (${resource.kind} ${resource.id}): duplicate resource`);
    }
    ids.add(resource.id);
  };
}

function checkVersion(data: unknown, origin: string): void {
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      `${origin}: schemaVersion: expected ${SNAPSHOT_SCHEMA_VERSION}, got ${JSON.stringify(version)} (regenerate with \`lakewarden snapshot collect\`)`,
    );
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string {
  const lines = issues.slice(0, 5).map((issue) => `${recordLabel(issue.path, data)}: ${issue.message}`);
  if (issues.length > 5) lines.push(`… and ${issues.length - 5} more`);
  return lines.join('; ');
}

function recordLabel(path: readonly PropertyKey[], data: unknown): string {
  const text = formatPath(path);
  if (path[0] === 'resources' && typeof path[1] === 'number') {
    const record = (data as { resources?: Array<{ kind?: unknown; id?: unknown }> }).resources?.[path[1]];
    if (typeof record === 'object' && record !== null) {
      return `resources[${path[1]}] (${String(record.kind)} ${String(record.id)}) ${formatPath(path.slice(2)) || '(record)'}`;
    }
  }
  return text || '(root)';
}
