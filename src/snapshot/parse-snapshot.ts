import type { z } from 'zod';
import { formatPath } from '../config/format-path.ts';
import { InputError } from '../errors.ts';
import { SNAPSHOT_SCHEMA_VERSION, Snapshot } from './schema.ts';

/**
 * Validates parsed JSON as a snapshot. Pure: no I/O.
 * @param data parsed JSON
 * @param origin file name used in error messages
 * @throws InputError naming the file, the record (e.g. `resources[12] (cluster 0123-…)`), the field and what was expected.
 */
export function parseSnapshot(data: unknown, origin: string): Snapshot {
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      `${origin}: schemaVersion: expected ${SNAPSHOT_SCHEMA_VERSION}, got ${JSON.stringify(version)} (regenerate with \`lakewarden snapshot collect\`)`,
    );
  }
  const result = Snapshot.safeParse(data);
  if (!result.success) throw new InputError(`${origin}: ${describeIssues(result.error.issues, data)}`);
  const snapshot = result.data;
  const workspaces = new Set(snapshot.workspaces.map((w) => w.id));
  const seen = new Set<string>();
  for (const [index, resource] of snapshot.resources.entries()) {
    const label = `resources[${index}] (${resource.kind} ${resource.id})`;
    if (!workspaces.has(resource.workspaceId)) {
      throw new InputError(`${origin}: ${label}: workspaceId "${resource.workspaceId}" is not listed in workspaces[]`);
    }
    const key = `${resource.workspaceId}|${resource.kind}|${resource.id}`;
    if (seen.has(key)) throw new InputError(`${origin}: ${label}: duplicate resource`);
    seen.add(key);
  }
  return snapshot;
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
    if (record !== undefined) {
      return `resources[${path[1]}] (${String(record.kind)} ${String(record.id)}) ${formatPath(path.slice(2)) || '(record)'}`;
    }
  }
  return text || '(root)';
}
