import type { Resource, Snapshot } from '../src/snapshot/schema.ts';

/**
 * The resources of a large synthetic snapshot, made without holding it: the base snapshot's resources repeated
 * until `total`, copy k > 0 with ` -t<k>` appended to every id (so no two resources collide and every copy has
 * its own fingerprints). Findings therefore grow in proportion to `total`, like the generator's own mix does.
 * A generator: one resource object at a time.
 */
export function* tileResources(base: Snapshot, total: number): Generator<Resource> {
  const per = base.resources.length;
  if (per === 0) return;
  for (let n = 0; n < total; n++) {
    const copy = Math.floor(n / per);
    const resource = base.resources[n % per] as Resource;
    yield copy === 0 ? resource : { ...resource, id: `${resource.id}-t${copy}` };
  }
}
