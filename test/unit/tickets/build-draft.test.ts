import { describe, expect, it } from 'vitest';
import type { AdfDoc } from '../../../src/document/adf.ts';
import { canonicalHash } from '../../../src/json/canonical-json.ts';
import type { Route } from '../../../src/routing/route.ts';
import { buildDraft, labelsFor, propertyFor } from '../../../src/tickets/build-draft.ts';
import { finding } from '../../support/plan-sync-builders.ts';

const route: Route = {
  kind: 'team',
  team: 'payments',
  assignee: 'ana@example.com',
  components: ['payments', 'data'],
  labels: ['team-payments'],
  routedBy: 'tag team=payments',
  owner: 'payments',
  projectKey: 'PAY',
};
const description: AdfDoc = {
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Idle warehouse' }] }],
};
const rendered = { summary: '[lakewarden] Warehouse bi: idle', description };

/** The hash buildDraft computed eagerly before it became lazy: over these fields, in this form. */
const expectedHash = canonicalHash({
  summary: rendered.summary,
  description,
  labels: [...labelsFor(finding, route)].sort(),
  assigneeAccountId: 'acc-1',
  components: ['data', 'payments'],
  estimatedSavingsUsd: finding.category === 'cost' ? finding.estimate.usdPerMonth : undefined,
  plan: finding.plan,
});

/** The order of the draft's keys when buildDraft built a plain object with eagerly computed fields. */
const keyOrder = [
  'fingerprint',
  'projectKey',
  'summary',
  'description',
  'labels',
  'assigneeAccountId',
  'components',
  'estimatedSavingsUsd',
  'property',
  'contentHash',
  'onScreen',
];

/** A buildDraft whose hashing is counted. */
function countedDraft() {
  const calls: unknown[] = [];
  const draft = buildDraft(finding, route, rendered, 'acc-1', (value) => {
    calls.push(value);
    return canonicalHash(value);
  });
  return { draft, calls };
}

describe('buildDraft', () => {
  it('does not hash while only the fields a preview reads are read', () => {
    const { draft, calls } = countedDraft();
    expect(draft.summary).toBe(rendered.summary);
    expect(draft.description).toBe(description);
    expect(draft.assigneeAccountId).toBe('acc-1');
    expect(draft.labels).toEqual(labelsFor(finding, route));
    expect(draft.projectKey).toBe('PAY');
    expect(calls).toHaveLength(0);
  });

  it('hashes once on first read of contentHash or property, with the value the eager draft had', () => {
    const { draft, calls } = countedDraft();
    expect(draft.property).toEqual(propertyFor(finding, route, expectedHash));
    expect(draft.contentHash).toBe(expectedHash);
    expect(draft.contentHash).toBe(expectedHash);
    expect(calls).toHaveLength(1);
  });

  it('gives a spread copy and its JSON the same hash, property and key order as the plain draft had', () => {
    const { draft, calls } = countedDraft();
    const copy = { ...draft, components: [] };
    expect(calls).toHaveLength(1);
    expect(Object.getOwnPropertyDescriptor(copy, 'contentHash')?.value).toBe(expectedHash);
    expect(copy.property).toEqual(propertyFor(finding, route, expectedHash));
    expect(copy.property).toBe(draft.property);
    const json = JSON.parse(JSON.stringify(countedDraft().draft)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(keyOrder);
    expect(Object.keys(copy)).toEqual(keyOrder);
    expect(json.contentHash).toBe(expectedHash);
    expect((json.property as Record<string, unknown>).contentHash).toBe(expectedHash);
  });

  it('keeps an assigned contentHash or property instead of the computed one', () => {
    const { draft, calls } = countedDraft();
    draft.contentHash = 'assigned';
    expect(draft.contentHash).toBe('assigned');
    expect(calls).toHaveLength(0);
    expect((draft.property as { contentHash: string }).contentHash).toBe(expectedHash);
    draft.property = { schema: 1 };
    expect(draft.property).toEqual({ schema: 1 });
    expect(calls).toHaveLength(1);
  });
});
