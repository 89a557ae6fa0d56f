import type { Resource, Snapshot, SnapshotHeader } from './schema.ts';

/**
 * A snapshot read resource by resource: its validated header and its validated resources, in file order. A JSON
 * Lines file is read as the resources are asked for (only one line is held at a time); a JSON document is held
 * whole. `resources()` may be called once.
 */
export interface SnapshotSource {
  header: SnapshotHeader;
  /** Number of resources when known before reading them (a JSON document), else undefined. */
  size: number | undefined;
  resources(): AsyncIterable<Resource>;
}

/** A validated in-memory snapshot as a source (live collection, a JSON document). */
export function snapshotSourceOf(snapshot: Snapshot): SnapshotSource {
  const { resources, ...header } = snapshot;
  return {
    header,
    size: resources.length,
    async *resources() {
      yield* resources;
    },
  };
}

/** Reads every resource of a source into one in-memory snapshot (for callers that need them all at once). */
export async function collectSnapshot(source: SnapshotSource): Promise<Snapshot> {
  const resources: Resource[] = [];
  for await (const resource of source.resources()) resources.push(resource);
  return { ...source.header, resources };
}
