import { describe, expect, it } from 'vitest';
import { RoutingSection } from '../../../src/config/routing-section.ts';
import { resolveRoute } from '../../../src/routing/resolve-route.ts';

const routing = RoutingSection.parse({
  tagKeys: ['owner', 'team', 'cost_center'],
  teams: {
    payments: {
      assignee: 'payments-lead@example.com',
      displayName: 'Payments team',
      components: ['Payments'],
      labels: ['team-payments'],
    },
    analytics: { components: ['BI'] },
  },
  servicePrincipals: {
    '7a1b2c3d-0000-4000-8000-000000000001': 'payments',
    '7a1b2c3d-0000-4000-8000-000000000002': 'ops@example.com',
  },
  defaultQueue: { assignee: 'triage@example.com', labels: ['lw-triage'] },
});

describe('resolveRoute', () => {
  it('routes a team tag to the team and says how', () => {
    const route = resolveRoute({ tags: { team: 'payments' }, owners: { creator: 'x@example.com' } }, routing);
    expect(route).toMatchObject({
      kind: 'team',
      team: 'payments',
      assignee: 'payments-lead@example.com',
      components: ['Payments'],
    });
    expect(route.routedBy).toBe('tag team=payments → Payments team');
  });

  it('honours the order of tag keys: owner before team', () => {
    const route = resolveRoute({ tags: { team: 'payments', owner: 'dana@example.com' }, owners: {} }, routing);
    expect(route).toMatchObject({ kind: 'user', assignee: 'dana@example.com' });
    expect(route.routedBy).toBe('tag owner=dana@example.com → dana@example.com');
  });

  it('matches team names case-insensitively', () => {
    expect(resolveRoute({ tags: { team: 'Payments' }, owners: {} }, routing).team).toBe('payments');
  });

  it('skips a tag value that is neither a team nor an email and falls back to the owner identity', () => {
    const route = resolveRoute(
      { tags: { cost_center: 'cc-100' }, owners: { owner: 'lee@example.com', creator: 'other@example.com' } },
      routing,
    );
    expect(route).toMatchObject({ kind: 'user', assignee: 'lee@example.com' });
    expect(route.routedBy).toBe('owner lee@example.com → lee@example.com');
  });

  it('maps a service principal run_as through configuration to a team or an email', () => {
    const team = resolveRoute({ tags: {}, owners: { runAs: '7a1b2c3d-0000-4000-8000-000000000001' } }, routing);
    expect(team).toMatchObject({ kind: 'team', team: 'payments' });
    expect(team.routedBy).toContain('(service principal)');
    const user = resolveRoute({ tags: {}, owners: { runAs: '7a1b2c3d-0000-4000-8000-000000000002' } }, routing);
    expect(user).toMatchObject({ kind: 'user', assignee: 'ops@example.com' });
  });

  it('sends an unmapped service principal and no identities to the default queue with lw-unowned', () => {
    const route = resolveRoute({ tags: {}, owners: { runAs: '99999999-0000-4000-8000-000000000009' } }, routing);
    expect(route).toMatchObject({ kind: 'unowned', assignee: 'triage@example.com', owner: null });
    expect(route.labels).toEqual(['lw-triage', 'lw-unowned']);
  });

  it('routes a team without an assignee to the default queue assignee but keeps the team', () => {
    const route = resolveRoute({ tags: { team: 'analytics' }, owners: {} }, routing);
    expect(route).toMatchObject({
      kind: 'team',
      team: 'analytics',
      assignee: 'triage@example.com',
      owner: 'analytics',
    });
    expect(route.components).toEqual(['BI']);
  });
});
