import { describe, expect, it } from 'vitest';
import { RoutingSection } from '../../../src/config/routing-section.ts';
import { resolveRoute, resolveTeam } from '../../../src/routing/resolve-route.ts';

const routing = RoutingSection.parse({
  teams: { payments: { assignee: 'pay-lead@example.com' } },
  servicePrincipals: { '6f1c2b8e-3a4d-4e5f-9a0b-1c2d3e4f5a6b': 'payments' },
});

describe('resolveTeam (the team reports show, from routing)', () => {
  it('finds the team named by a later tag even when the route goes to the owner email', () => {
    const resource = { tags: { owner: 'ana@example.com', team: 'Payments' }, owners: {} };
    expect(resolveRoute(resource, routing).team).toBeUndefined();
    expect(resolveTeam(resource, routing)).toBe('payments');
  });

  it('maps a service principal run-as to its team, and is undefined when no team is named', () => {
    expect(resolveTeam({ tags: {}, owners: { runAs: '6f1c2b8e-3a4d-4e5f-9a0b-1c2d3e4f5a6b' } }, routing)).toBe(
      'payments',
    );
    expect(resolveTeam({ tags: { owner: 'ana@example.com', team: ' ' }, owners: {} }, routing)).toBeUndefined();
  });
});
