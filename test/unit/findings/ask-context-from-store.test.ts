import { describe, expect, it } from 'vitest';
import { askContextFromStore } from '../../../src/findings/ask-context-from-store.ts';
import type { Route } from '../../../src/routing/route.ts';
import { propertyFor } from '../../../src/tickets/build-draft.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';
import { record } from '../../support/plan-sync-builders.ts';

const finding = buildWarehouseFinding();
const route: Route = {
  kind: 'team',
  team: 'finance',
  assignee: undefined,
  components: [],
  labels: [],
  routedBy: 'tag team=finance → Finance',
  owner: 'finance',
};
const property = propertyFor(finding, route, 'hash-1');

describe('askContextFromStore', () => {
  it('rebuilds the finding from the lakewarden property, with no snapshot and no current findings', () => {
    const loaded = askContextFromStore({ property, record: record(finding) });
    if (!loaded.ok) throw new Error(loaded.reason);
    const { context } = loaded;
    expect(context.finding).toMatchObject({
      fingerprint: finding.fingerprint,
      category: 'cost',
      severity: finding.severity,
      estimate: finding.estimate,
      plan: finding.plan,
      evidence: finding.evidence,
      window: finding.window,
    });
    // Nothing the property does not hold is made up: no name, tags or owners.
    expect(context.finding.resource).toEqual({
      workspaceId: finding.resource.workspaceId,
      kind: 'warehouse',
      id: finding.resource.id,
      name: finding.resource.id,
      tags: {},
      owners: {},
    });
    expect(context.snapshot).toBeUndefined();
    expect(context.findings).toBeUndefined();
  });

  it('refuses a property that is missing or names another finding than the store', () => {
    expect(askContextFromStore({ property: undefined, record: undefined })).toEqual({
      ok: false,
      reason: 'no-property',
    });
    expect(askContextFromStore({ property, record: record(finding, { fingerprint: 'ffffffffffffffff' }) })).toEqual({
      ok: false,
      reason: 'fingerprint-mismatch',
    });
    expect(askContextFromStore({ property, record: undefined }).ok).toBe(true);
  });
});
