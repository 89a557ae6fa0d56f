import type { StatusCheck } from './check-workflow-statuses.ts';
import type { FilterOutcome } from './ensure-report-filters.ts';
import type { FieldOutcome } from './ensure-savings-fields.ts';

/** The lines `jira bootstrap` prints: fields, statuses, filters with JQL, dashboard how-to, config snippet. */
export function renderBootstrapOutput(input: {
  apply: boolean;
  projectKey: string;
  fields: readonly FieldOutcome[];
  statuses: readonly StatusCheck[];
  filters: readonly FilterOutcome[];
}): string[] {
  const lines: string[] = [];
  const mode = input.apply ? 'APPLY' : 'DRY-RUN (nothing written; run with --apply to create)';
  lines.push(`lakewarden jira bootstrap — project ${input.projectKey} — ${mode}`, '', 'Number fields:');
  for (const f of input.fields) {
    const state =
      f.outcome === 'would-create'
        ? `DRY-RUN: would create "${f.name}" (number, exact-number searcher)`
        : `${f.outcome}: "${f.name}" = ${f.id ?? ''}${f.foundBy === 'configured-id' ? ` (jira.fields.${f.key})` : ''}`;
    lines.push(`  ${state}`);
    if (f.warning !== undefined) lines.push(`    WARNING: "${f.name}" ${f.warning}`);
  }

  lines.push('', 'Workflow statuses lakewarden transitions to:');
  for (const s of input.statuses)
    lines.push(`  ${s.present ? 'ok     ' : 'MISSING'} ${s.name} (jira.statuses.${s.role})`);
  const missing = input.statuses.filter((s) => !s.present);
  if (missing.length > 0) {
    lines.push('  A Jira admin must add to the project workflow (Project settings → Workflows → Edit):');
    for (const s of missing) {
      lines.push(`    - status "${s.name}" (category ${s.suggestedCategory}) with a transition into it`);
    }
    lines.push('    or set jira.statuses.<role> in lakewarden.yaml to the names this workflow uses.');
  }

  lines.push('', 'Shared filters:');
  for (const f of input.filters) {
    const state = f.outcome === 'would-create' ? 'DRY-RUN: would create' : `${f.outcome} (id ${f.id ?? ''}):`;
    lines.push(`  ${state} "${f.filter.name}"`, `    JQL: ${f.filter.jql}`, `    gadget: ${f.filter.gadget}`);
    if (f.existingJql !== undefined)
      lines.push(`    NOTE: the existing filter's JQL differs and was left as is: ${f.existingJql}`);
  }

  lines.push(
    '',
    'Dashboard: Dashboards → Create dashboard (share it with the project) → Add gadget:',
    '  - "Filter Results" for each filter above (add the savings fields as columns);',
    '  - "Two Dimensional Filter Statistics" on "lakewarden: open findings by owner" (x: Assignee, y: Status).',
    '  Gadgets count issues; they do not add up number fields — totals come from `lakewarden report`.',
  );

  const est = input.fields.find((f) => f.key === 'estimatedSavings')?.id;
  const ver = input.fields.find((f) => f.key === 'verifiedSavings')?.id;
  lines.push('', 'Put in lakewarden.yaml:', 'jira:', '  fields:');
  lines.push(`    estimatedSavings: ${est ?? '<id printed after --apply>'}`);
  lines.push(`    verifiedSavings: ${ver ?? '<id printed after --apply>'}`);
  const exc = input.fields.find((f) => f.key === 'excessCost')?.id;
  lines.push(`    excessCost: ${exc ?? '<id printed after --apply>'}`);
  return lines;
}
