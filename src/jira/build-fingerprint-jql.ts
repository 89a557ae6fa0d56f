import { InputError } from '../errors.ts';
import { fingerprintLabel } from '../findings/fingerprint.ts';

const FINGERPRINT = /^[0-9a-z]{1,64}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/**
 * The bounded JQL `project = KEY AND labels in ("lw-fp-…", …)` for one chunk of fingerprints.
 * Values are validated rather than escaped, so nothing user-controlled can widen the query.
 *
 * @throws InputError for a project key or fingerprint outside `[A-Z0-9_]` / `[0-9a-z]`, or no fingerprints.
 */
export function buildFingerprintJql(projectKey: string, fingerprints: readonly string[]): string {
  if (!PROJECT_KEY.test(projectKey))
    throw new InputError(`Invalid Jira project key "${projectKey}" (JIRA_PROJECT_KEY)`);
  if (fingerprints.length === 0) throw new InputError('A fingerprint search needs at least one fingerprint');
  for (const fp of fingerprints) {
    if (!FINGERPRINT.test(fp)) throw new InputError(`Invalid finding fingerprint "${fp}" (expected lowercase hex)`);
  }
  const labels = fingerprints.map((fp) => `"${fingerprintLabel(fp)}"`).join(', ');
  return `project = ${projectKey} AND labels in (${labels})`;
}
