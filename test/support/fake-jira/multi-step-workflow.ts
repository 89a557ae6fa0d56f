import type { FakeWorkflow } from './types.ts';

/**
 * A workflow without a direct To Do → Done transition, as Jira Software's default software workflow and
 * team-managed boards have: To Do → In Progress → Done (the Done screen requires a resolution), Reopen from the
 * done statuses back to To Do, plus lakewarden's Approved / Remediation Failed / Won't Do. Transitions are listed
 * only from the current status, each with `to` and, with `expand=transitions.fields`, the fields its screen
 * requires —
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * https://support.atlassian.com/jira-cloud-administration/docs/work-with-issue-workflows/
 */
export function multiStepWorkflow(): FakeWorkflow {
  return {
    initialStatus: 'To Do',
    statuses: [
      { id: '10001', name: 'To Do', category: 'new' },
      { id: '3', name: 'In Progress', category: 'indeterminate' },
      { id: '10100', name: 'Approved', category: 'indeterminate' },
      { id: '10101', name: 'Remediation Failed', category: 'indeterminate' },
      { id: '10002', name: 'Done', category: 'done' },
      { id: '10102', name: "Won't Do", category: 'done' },
    ],
    transitions: [
      { id: '21', name: 'Start progress', from: ['To Do'], to: 'In Progress' },
      { id: '22', name: 'Stop progress', from: ['In Progress'], to: 'To Do' },
      { id: '31', name: 'Approve', from: ['To Do', 'In Progress', 'Remediation Failed'], to: 'Approved' },
      { id: '51', name: 'Resolve', from: ['In Progress', 'Approved'], to: 'Done', requiresResolution: true },
      {
        id: '41',
        name: 'Decline',
        from: ['To Do', 'In Progress', 'Remediation Failed'],
        to: "Won't Do",
        requiresResolution: true,
      },
      { id: '61', name: 'Remediation failed', from: ['Approved'], to: 'Remediation Failed' },
      { id: '11', name: 'Reopen', from: ['Done', "Won't Do"], to: 'To Do' },
    ],
  };
}
