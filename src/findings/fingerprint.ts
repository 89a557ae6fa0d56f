import { createHash } from 'node:crypto';
import type { ResourceRef } from '../snapshot/schema.ts';

/**
 * The finding fingerprint (docs/architecture.md "Identity and idempotence"): `sha256(ruleId | workspaceId | kind | resourceId)` shortened to
 * 16 hex characters. Stable across scans; used as the Jira label `lw-fp-<fingerprint>`.
 */
export function fingerprintOf(ruleId: string, ref: ResourceRef): string {
  // The first 8 bytes as hex: a string of its own (a slice of the 64-character hex would keep that alive with it).
  return createHash('sha256')
    .update(`${ruleId}|${ref.workspaceId}|${ref.kind}|${ref.id}`)
    .digest()
    .toString('hex', 0, 8);
}

/** The Jira label carrying a fingerprint. */
export function fingerprintLabel(fingerprint: string): string {
  return `lw-fp-${fingerprint}`;
}
