import type { Owners } from '../schema.ts';
import {
  COST_CENTERS,
  ENVIRONMENTS,
  personEmail,
  SERVICE_PRINCIPALS,
  type Team,
  UNMAPPED_SERVICE_PRINCIPALS,
} from './names.ts';
import type { Rng } from './rng.ts';

/** Tags and owner identities of one synthetic resource. */
export interface Ownership {
  tags: Record<string, string>;
  owners: Owners;
}

/**
 * Tags and owners for a resource of `team`. Healthy resources carry `team`, `owner` (the team name or a
 * person's email) and `cost_center`; with `missingTags` the resource lacks `owner` and/or `cost_center` in
 * one of several realistic ways (team tag only, owner email with a blank cost_center, untagged with only creator/owner
 * identities, jobs running as a service principal, jobs with no identity at all = unowned).
 */
export function makeOwnership(
  rng: Rng,
  kind: 'warehouse' | 'cluster' | 'job' | 'pipeline' | 'table',
  team: Team,
  missingTags: boolean,
): Ownership {
  const email = personEmail(rng, team);
  const owners: Owners = { owner: email, creator: email };
  if (kind === 'job' || kind === 'pipeline') {
    const sp = SERVICE_PRINCIPALS.filter((s) => s.team === team);
    owners.runAs = sp.length > 0 && rng.chance(0.4) ? rng.pick(sp).applicationId : email;
  }
  const env = rng.pick(ENVIRONMENTS);
  if (!missingTags) {
    return {
      tags: { team, owner: rng.chance(0.5) ? team : email, cost_center: COST_CENTERS[team], env },
      owners,
    };
  }
  const variants = kind === 'job' ? 6 : 4;
  switch (rng.int(0, variants - 1)) {
    case 0:
      return { tags: { team, env }, owners };
    case 1:
      // The key is there but its value is blank: counts as missing (issue 15).
      return { tags: { owner: email, cost_center: ' ' }, owners };
    case 2:
      return { tags: { cost_center: COST_CENTERS[team] }, owners };
    case 3:
      return { tags: {}, owners };
    case 4: {
      const mapped = SERVICE_PRINCIPALS.filter((s) => s.team === team);
      const runAs =
        mapped.length > 0 && rng.chance(0.7) ? rng.pick(mapped).applicationId : rng.pick(UNMAPPED_SERVICE_PRINCIPALS);
      return { tags: {}, owners: { runAs } };
    }
    default:
      return { tags: {}, owners: {} };
  }
}

/**
 * The identity every synthetic resource opens with, in the snapshot's key order: kind, workspace, id, name, then
 * its tags and owners.
 */
export function resourceIdentity<K extends string>(
  kind: K,
  workspaceId: string,
  id: string,
  name: string,
  ownership: Ownership,
): { kind: K; workspaceId: string; id: string; name: string } & Ownership {
  return { kind, workspaceId, id, name, tags: ownership.tags, owners: ownership.owners };
}
