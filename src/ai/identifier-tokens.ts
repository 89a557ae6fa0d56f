import { createHash } from 'node:crypto';

/** Token prefixes: resource kinds, `user` for identities, `tag` for tag values. */
export type TokenKind = 'warehouse' | 'cluster' | 'job' | 'pipeline' | 'table' | 'workspace' | 'user' | 'tag';

/** Matches any token this module produces, e.g. `warehouse#3f9a`. */
export const TOKEN_PATTERN = /\b(?:warehouse|cluster|job|pipeline|table|workspace|user|tag)#[0-9a-f]{4}\b/g;

/**
 * Stable tokens for Class B values (docs/security.md "What lakewarden reads from Databricks"): `<kind>#<first 4 hex of SHA-256(kind:value)>`,
 * e.g. `warehouse#3f9a`, `user#8c1e`. The same value always gets the same token, so the model can relate
 * findings; the map token → original stays in memory to restore names in text shown to the owner in Jira.
 */
export interface IdentifierTokens {
  token(kind: TokenKind, value: string): string;
  /** token → original value, for every token handed out. */
  readonly originals: ReadonlyMap<string, string>;
}

export function createIdentifierTokens(): IdentifierTokens {
  const originals = new Map<string, string>();
  return {
    originals,
    token(kind: TokenKind, value: string): string {
      const token = `${kind}#${createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 4)}`;
      originals.set(token, value);
      return token;
    },
  };
}

/** Replaces tokens in model-written text with the original names (for Jira, which the owner may see). */
export function restoreTokens(text: string, originals: ReadonlyMap<string, string>): string {
  return text.replace(TOKEN_PATTERN, (token) => originals.get(token) ?? token);
}
