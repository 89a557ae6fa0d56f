import type { AdfDoc } from '../document/adf.ts';
import type { Finding } from '../findings/finding.ts';
import { fingerprintLabel } from '../findings/fingerprint.ts';
import { canonicalHash } from '../json/canonical-json.ts';
import { planHash } from '../remediation/plan-hash.ts';
import type { Route } from '../routing/route.ts';
import type { IssueDraft } from '../tracker/issue-tracker.ts';

/** The labels every lakewarden issue carries plus the route's labels. */
export function labelsFor(finding: Finding, route: Route): string[] {
  const category = `lw-${finding.category}`;
  const labels = [
    'lakewarden',
    `lw-rule-${finding.ruleId}`,
    fingerprintLabel(finding.fingerprint),
    category,
    ...route.labels,
  ];
  return [...new Set(labels)];
}

/** The machine-readable finding stored in the `lakewarden` issue entity property (≤ 32,768 characters). */
export function propertyFor(finding: Finding, route: Route, contentHash: string): Record<string, unknown> {
  return {
    schema: 1,
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    category: finding.category,
    severity: finding.severity,
    resource: { workspaceId: finding.resource.workspaceId, kind: finding.resource.kind, id: finding.resource.id },
    window: finding.window,
    estimate: finding.estimate,
    ...(finding.excessCost === undefined ? {} : { excessCost: finding.excessCost }),
    plan: finding.plan,
    planId: planHash({ ...finding.plan, resource: finding.resource }),
    evidence: finding.evidence,
    owner: route.owner,
    team: route.team ?? null,
    contentHash,
    // Until the project's create screen is read (checkCreateScreen), assume a company-managed screen.
    onScreen: { components: true, estimatedSavings: true },
  };
}

/**
 * Builds the create/update payload of one finding. `assigneeAccountId` is the resolved Jira accountId
 * (or undefined: unassigned). The content hash covers everything a person sees, so an unchanged hash
 * means no write.
 *
 * `contentHash` (64 hex, `hashContent` of the hashed fields, by default {@link canonicalHash}) and `property`
 * (which carries it) are computed when first read, then kept: a preview never hashes the description. They are
 * enumerable accessors in the places the plain fields had, so a spread (`{ ...draft }`) or `JSON.stringify`
 * of the draft reads them and carries the same values; assigning either replaces its value. The hash covers
 * the values passed here, so the rendered description must not be changed in place afterwards.
 * @throws InputError (when the hash is read) for a plan value canonical JSON cannot represent
 */
export function buildDraft(
  finding: Finding,
  route: Route,
  rendered: { summary: string; description: AdfDoc },
  assigneeAccountId: string | undefined,
  hashContent: (value: unknown) => string = canonicalHash,
): IssueDraft {
  const labels = labelsFor(finding, route);
  const estimatedSavingsUsd =
    finding.category === 'cost' && finding.excessCost === undefined ? finding.estimate.usdPerMonth : undefined;
  const excessCostUsd = finding.excessCost?.usdPerMonth;
  const hashed = {
    summary: rendered.summary,
    description: rendered.description,
    labels: [...labels].sort(),
    assigneeAccountId,
    components: [...route.components].sort(),
    estimatedSavingsUsd,
    ...(excessCostUsd === undefined ? {} : { excessCostUsd }),
    plan: finding.plan,
  };
  let computedHash: string | undefined;
  const hashOf = (): string => {
    computedHash ??= hashContent(hashed);
    return computedHash;
  };
  let contentHash: string | undefined;
  let property: Record<string, unknown> | undefined;
  return {
    fingerprint: finding.fingerprint,
    projectKey: route.projectKey,
    summary: rendered.summary,
    description: rendered.description,
    labels,
    assigneeAccountId,
    components: route.components,
    estimatedSavingsUsd,
    ...(excessCostUsd === undefined ? {} : { excessCostUsd }),
    get property(): Record<string, unknown> {
      property ??= propertyFor(finding, route, hashOf());
      return property;
    },
    set property(value: Record<string, unknown>) {
      property = value;
    },
    get contentHash(): string {
      return contentHash ?? hashOf();
    },
    set contentHash(value: string) {
      contentHash = value;
    },
    // Until the project's create screen is read (checkCreateScreen), assume a company-managed screen.
    onScreen: { components: true, estimatedSavings: true },
  };
}
