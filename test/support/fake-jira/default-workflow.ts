import type { FakeWorkflow } from './types.ts';

/**
 * The default lakewarden workflow (DESIGN.md statuses): To Do → Approved → Done / Remediation Failed / Won't Do,
 * (Done and Won't Do require a resolution on their screen, as Jira's defaults do), plus reopen, a direct To Do → Done / Won't Do, and a global looped transition without `to` (as in
 * fixtures/jira/rest-transitions.json "Kick back"). Status ids match the fixtures.
 */
export function defaultWorkflow(): FakeWorkflow {
  return {
    initialStatus: 'To Do',
    statuses: [
      { id: '10001', name: 'To Do', category: 'new' },
      { id: '10100', name: 'Approved', category: 'indeterminate' },
      { id: '10101', name: 'Remediation Failed', category: 'indeterminate' },
      { id: '10002', name: 'Done', category: 'done' },
      { id: '10102', name: "Won't Do", category: 'done' },
    ],
    transitions: [
      { id: '11', name: 'Reopen', from: ['Approved', 'Remediation Failed', 'Done', "Won't Do"], to: 'To Do' },
      { id: '31', name: 'Approve', from: ['To Do', 'Remediation Failed'], to: 'Approved' },
      {
        id: '41',
        name: 'Decline',
        from: ['To Do', 'Approved', 'Remediation Failed'],
        to: "Won't Do",
        requiresResolution: true,
      },
      { id: '51', name: 'Done', from: ['To Do', 'Approved'], to: 'Done', requiresResolution: true },
      { id: '61', name: 'Remediation failed', from: ['Approved'], to: 'Remediation Failed' },
      { id: '71', name: 'Kick back', from: '*', to: undefined },
    ],
  };
}
