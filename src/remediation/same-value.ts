import { canonicalJson } from '../json/canonical-json.ts';

/** Value equality for plan fields: structural (canonical JSON), with undefined and null the same ("absent"). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}
