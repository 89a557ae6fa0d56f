import type { Kysely } from 'kysely';
import type { AskData } from '../findings/ai-port.ts';
import type { Finding } from '../findings/finding.ts';
import type { Resource, Snapshot } from '../snapshot/schema.ts';
import type { AiTables } from './ai-tables.ts';

/** What `/lakewarden ask` reads about one finding in `serve`: its resource's snapshot data and the last findings. */

/** The store key of a resource: `<workspaceId>/<kind>/<id>`. */
export function resourceKey(ref: { workspaceId: string; kind: string; id: string }): string {
  return `${ref.workspaceId}/${ref.kind}/${ref.id}`;
}

/**
 * Keeps what the ask tools need from one scan, replacing the previous scan's: the snapshot header (window,
 * prices, workspaces — no resources), the snapshot records of the resources that have a finding (configuration,
 * facts and daily series: the metadata boundary of the snapshot itself) and every finding. Bounded by the
 * findings: resources without one are not kept. One transaction, so a reader never sees half a scan.
 */
export async function saveAskData(
  db: Kysely<AiTables>,
  input: { scanId: string; at: Date; snapshot: Snapshot; findings: readonly Finding[] },
): Promise<{ resources: number; findings: number }> {
  const savedAt = input.at.toISOString();
  const wanted = new Set(input.findings.map((f) => resourceKey(f.resource)));
  const resources = input.snapshot.resources.filter((r) => wanted.has(resourceKey(r)));
  const { resources: _all, ...header } = input.snapshot;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('ask_findings').execute();
    await tx.deleteFrom('ask_resources').execute();
    await tx.deleteFrom('ask_snapshot').execute();
    await tx
      .insertInto('ask_snapshot')
      .values({ id: 1, scan_id: input.scanId, saved_at: savedAt, header: JSON.stringify(header) })
      .execute();
    for (const chunk of chunks(resources, 200))
      await tx
        .insertInto('ask_resources')
        .values(chunk.map((r) => ({ resource_key: resourceKey(r), saved_at: savedAt, resource: JSON.stringify(r) })))
        .execute();
    for (const chunk of chunks(input.findings, 200))
      await tx
        .insertInto('ask_findings')
        .values(chunk.map((f) => ({ fingerprint: f.fingerprint, saved_at: savedAt, finding: JSON.stringify(f) })))
        .execute();
  });
  return { resources: resources.length, findings: input.findings.length };
}

/**
 * Loads the ask data for one resource: the saved snapshot header with that resource (if it was kept) and the
 * last scan's findings. Rows are lakewarden's own (written by {@link saveAskData}), never read from Jira.
 */
export async function loadAskData(
  db: Kysely<AiTables>,
  ref: { workspaceId: string; kind: string; id: string },
): Promise<AskData> {
  const header = await db.selectFrom('ask_snapshot').select('header').where('id', '=', 1).executeTakeFirst();
  if (header === undefined) return { snapshot: undefined, findings: undefined };
  const resource = await db
    .selectFrom('ask_resources')
    .select('resource')
    .where('resource_key', '=', resourceKey(ref))
    .executeTakeFirst();
  const findings = await db.selectFrom('ask_findings').select('finding').execute();
  const snapshot = {
    ...(JSON.parse(header.header) as Omit<Snapshot, 'resources'>),
    resources: resource === undefined ? [] : [JSON.parse(resource.resource) as Resource],
  } as Snapshot;
  return { snapshot, findings: findings.map((row) => JSON.parse(row.finding) as Finding) };
}

/**
 * Deletes ask data saved before `olderThan` (housekeeping): a service whose scans stopped does not keep
 * answering from stale data forever. Returns the number of rows deleted.
 */
export async function pruneAskData(db: Kysely<AiTables>, olderThan: Date): Promise<number> {
  const cutoff = olderThan.toISOString();
  let deleted = 0;
  for (const table of ['ask_findings', 'ask_resources', 'ask_snapshot'] as const) {
    const result = await db.deleteFrom(table).where('saved_at', '<', cutoff).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
