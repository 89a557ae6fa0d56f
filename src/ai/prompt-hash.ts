import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.ts';
import type { GenerateRequest } from './language-model.ts';

/** Canonical JSON of the exact request sent to the model (keys sorted; the audited prompt). */
export function requestJson(request: GenerateRequest): string {
  return canonicalJson(request);
}

/** SHA-256 (hex) of {@link requestJson}: identifies a prompt in the audit table and in recordings. */
export function promptSha256(request: GenerateRequest): string {
  return createHash('sha256').update(requestJson(request)).digest('hex');
}
