import { describe, expect, it } from 'vitest';
import { createIdentifierTokens, restoreTokens } from '../../../src/ai/identifier-tokens.ts';
import { minimizeFinding } from '../../../src/ai/minimize-finding.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

const tagFinding = buildWarehouseFinding({
  plan: {
    strategy: 'add-tags',
    autonomy: 'approval',
    args: {},
    changes: [
      {
        field: 'tags',
        before: { team: 'Acme Finance EMEA' },
        after: { team: 'Acme Finance EMEA', owner: 'carol@acme.example' },
      },
    ],
    risk: 'None.',
    restarts: false,
  },
  evidence: [{ fact: 'config.cluster_size', label: 'Size', value: 'Medium', unit: 'size' }],
});

describe('minimizeFinding', () => {
  it('gives the same value the same token and restores names only through the in-memory map', () => {
    const tokens = createIdentifierTokens();
    const a = minimizeFinding(buildWarehouseFinding(), { hashIdentifiers: true, tokens });
    const b = minimizeFinding(buildWarehouseFinding(), { hashIdentifiers: true, tokens: createIdentifierTokens() });
    expect(a.resource.name).toBe(b.resource.name);
    expect(a.resource.tags?.owner).toBe(a.resource.owners?.owner);
    expect(restoreTokens(`${a.resource.name} is owned by ${a.resource.owners?.owner}`, tokens.originals)).toBe(
      'acme-finance-bi is owned by ana@acme.example',
    );
  });

  it('without hashing sends the name but drops owners and tag values', () => {
    const m = minimizeFinding(buildWarehouseFinding(), { hashIdentifiers: false, tokens: createIdentifierTokens() });
    expect(m.resource.name).toBe('acme-finance-bi');
    expect(m.resource.owners).toBeUndefined();
    expect(m.resource.tags).toBeUndefined();
    expect(m.resource.tagKeys).toEqual(['owner', 'cost_center']);
    expect(JSON.stringify(m)).not.toMatch(/@|Acme Finance/);
  });

  it('keeps codes but never tag values inside planned changes', () => {
    const hashed = minimizeFinding(tagFinding, { hashIdentifiers: true, tokens: createIdentifierTokens() });
    expect(hashed.evidence[0]?.value).toBe('Medium');
    expect(hashed.plan.changes[0]?.before).toEqual({ team: expect.stringMatching(/^tag#[0-9a-f]{4}$/) });
    expect(hashed.plan.changes[0]?.after).toEqual({ team: expect.stringMatching(/^tag#/), owner: '[omitted]' });
    const plain = minimizeFinding(tagFinding, { hashIdentifiers: false, tokens: createIdentifierTokens() });
    expect(JSON.stringify(plain.plan)).not.toMatch(/@|Acme/);
  });
});
