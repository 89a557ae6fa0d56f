import type { Finding } from '../findings/finding.ts';
import type { IdentifierTokens } from './identifier-tokens.ts';

/** Version of the allowlist below; recorded in every audit row. Bump when the output shape changes. */
export const MINIMIZER_VERSION = 1;

/** A value allowed into a prompt: numbers, flags, null, codes, or tokens. */
export type SafeValue = number | boolean | null | string | SafeValue[] | { [key: string]: SafeValue };

/** The only shape of a finding a model ever sees (https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/). */
export interface MinimizedFinding {
  minimizerVersion: number;
  fingerprint: string;
  rule: { id: string; title: string; category: string; severity: string };
  resource: {
    kind: string;
    workspaceId: string;
    id: string;
    /** Token (`warehouse#3f9a`) when hashing, else the display name. */
    name: string;
    /** Owner identities as tokens; present only when hashing. */
    owners?: { [role: string]: string };
    tagKeys: string[];
    /** Tag values as tokens; present only when hashing. */
    tags?: { [key: string]: string };
  };
  window: { start: string; end: string; days: number };
  evidence: Array<{ fact: string; label: string; value: SafeValue; unit: string; threshold?: string }>;
  estimate: { usdPerMonth: number; formula: string; usdPerDbu: number | null };
  plan: {
    strategy: string;
    autonomy: string;
    restarts: boolean;
    risk: string;
    changes: Array<{ field: string; before: SafeValue; after: SafeValue }>;
  };
  params: { [name: string]: number | boolean };
}

export interface MinimizeOptions {
  /** Replace names and identities with tokens (config `ai.hashIdentifiers`). */
  hashIdentifiers: boolean;
  tokens: IdentifierTokens;
}

/** Strings that look like codes (enum states, sizes, versions, dates, ids) may pass; anything else is omitted. */
const CODE = /^[A-Za-z0-9_.:+-]{1,64}$/;
const OMITTED = '[omitted]';

/**
 * THE one function that builds model context from a finding. Allowlist, not blocklist: rule id/title/
 * category/severity, resource kind/workspace/id, window, evidence (fact, label, value, unit, threshold),
 * the estimate, the plan's strategy and changes, numeric params. Class B values (resource name, owners,
 * tag values — docs/security.md "What lakewarden reads from Databricks") become stable tokens when `hashIdentifiers` is on; otherwise owners and
 * tag values are dropped and the name is sent as is. Free-text string values that are not codes are
 * replaced by `[omitted]`, and any string equal to a Class B value becomes its token (or `[omitted]`).
 * Class C data (query text, error messages, spark_conf) is not in a Finding to begin with.
 */
export function minimizeFinding(finding: Finding, options: MinimizeOptions): MinimizedFinding {
  const { tokens, hashIdentifiers } = options;
  const kind = finding.resource.kind;
  const classB = new Map<string, string>();
  const nameToken = hashIdentifiers ? tokens.token(kind, finding.resource.name) : finding.resource.name;
  classB.set(finding.resource.name, hashIdentifiers ? nameToken : OMITTED);
  const owners: { [role: string]: string } = {};
  for (const [role, identity] of Object.entries(finding.resource.owners)) {
    if (identity === undefined || identity === '') continue;
    const token = tokens.token('user', identity);
    owners[role] = token;
    classB.set(identity, hashIdentifiers ? token : OMITTED);
  }
  const tags: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(finding.resource.tags)) {
    const known = classB.get(value);
    const token = hashIdentifiers && known !== undefined ? known : tokens.token('tag', value);
    tags[key] = token;
    if (!classB.has(value)) classB.set(value, hashIdentifiers ? token : OMITTED);
  }
  const safe = (value: unknown): SafeValue => toSafeValue(value, classB, false);

  return {
    minimizerVersion: MINIMIZER_VERSION,
    fingerprint: finding.fingerprint,
    rule: { id: finding.ruleId, title: finding.ruleTitle, category: finding.category, severity: finding.severity },
    resource: {
      kind,
      workspaceId: finding.resource.workspaceId,
      id: finding.resource.id,
      name: nameToken,
      ...(hashIdentifiers ? { owners } : {}),
      tagKeys: Object.keys(finding.resource.tags).filter((k) => CODE.test(k)),
      ...(hashIdentifiers ? { tags: Object.fromEntries(Object.entries(tags).filter(([k]) => CODE.test(k))) } : {}),
    },
    window: { start: finding.window.start, end: finding.window.end, days: finding.window.days },
    evidence: finding.evidence.map((e) => ({
      fact: e.fact,
      label: e.label,
      value: safe(e.value),
      unit: e.unit,
      ...(e.threshold === undefined ? {} : { threshold: e.threshold }),
    })),
    estimate: {
      usdPerMonth: finding.estimate.usdPerMonth,
      formula: finding.estimate.formula,
      usdPerDbu: finding.estimate.usdPerDbu,
    },
    plan: {
      strategy: finding.plan.strategy,
      autonomy: finding.plan.autonomy,
      restarts: finding.plan.restarts,
      risk: finding.plan.risk,
      changes: finding.plan.changes.map((c) => {
        const tagLike = /tag/i.test(c.field);
        return {
          field: c.field,
          before: toSafeValue(c.before, classB, tagLike),
          after: toSafeValue(c.after, classB, tagLike),
        };
      }),
    },
    params: Object.fromEntries(
      Object.entries(finding.params).filter(
        (entry): entry is [string, number | boolean] => typeof entry[1] !== 'string',
      ),
    ),
  };
}

/**
 * Allowlisted conversion of one value. `classB` maps known Class B strings to their replacement;
 * `valuesAreClassB` (tag maps) replaces every string leaf with `[omitted]` unless already a known token.
 */
export function toSafeValue(value: unknown, classB: ReadonlyMap<string, string>, valuesAreClassB: boolean): SafeValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const replacement = classB.get(value);
    if (replacement !== undefined) return replacement;
    if (valuesAreClassB) return OMITTED;
    return CODE.test(value) ? value : OMITTED;
  }
  if (Array.isArray(value)) return value.map((v) => toSafeValue(v, classB, valuesAreClassB));
  if (typeof value === 'object') {
    const out: { [key: string]: SafeValue } = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (CODE.test(key)) out[key] = toSafeValue(v, classB, valuesAreClassB);
    }
    return out;
  }
  return null;
}
