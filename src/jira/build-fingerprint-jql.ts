import { InputError } from '../errors.ts';
import { fingerprintLabel } from '../findings/fingerprint.ts';

const FINGERPRINT = /^[0-9a-z]{1,64}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/**
 * The bounded JQL `project = KEY AND labels in ("lw-fp-…", …)` for one chunk of fingerprints
 * (`project in (A, B)` when teams file into their own projects).
 * Values are validated rather than escaped, so nothing user-controlled can widen the query.
 *
 * @throws InputError for a project key or fingerprint outside `[A-Z0-9_]` / `[0-9a-z]`, or no fingerprints.
 */
export function buildFingerprintJql(projectKeys: string | readonly string[], fingerprints: readonly string[]): string {
  const keys = [...new Set(typeof projectKeys === 'string' ? [projectKeys] : projectKeys)];
  for (const projectKey of keys) {
    if (!PROJECT_KEY.test(projectKey))
      throw new InputError(`Invalid Jira project key "${projectKey}" (JIRA_PROJECT_KEY or routing.teams.*.projectKey)`);
  }
  if (fingerprints.length === 0) throw new InputError('A fingerprint search needs at least one fingerprint');
  for (const fp of fingerprints) {
    if (!FINGERPRINT.test(fp)) throw new InputError(`Invalid finding fingerprint "${fp}" (expected lowercase hex)`);
  }
  const labels = fingerprints.map((fp) => `"${fingerprintLabel(fp)}"`).join(', ');
  const project = keys.length === 1 ? `project = ${keys[0]}` : `project in (${keys.join(', ')})`;
  return `${project} AND labels in (${labels})`;
}
