import type { JiraSection } from '../config/jira-section.ts';

/** A shared filter `jira bootstrap` creates, by exact name. */
export interface ReportFilter {
  name: string;
  description: string;
  jql: string;
  /** Which dashboard gadget suits it. */
  gadget: string;
}

/** `cf[10050]` for `customfield_10050`; the quoted field name when the id is not known yet (dry run). */
export function jqlField(fieldId: string | undefined, name: string): string {
  const match = fieldId === undefined ? null : /^customfield_(\d+)$/.exec(fieldId);
  return match === null ? `"${name}"` : `cf[${match[1]}]`;
}

/** JQL string literal (double quotes; `"` and `\` escaped). */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The five shared filters managers use (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-filters/#api-rest-api-3-filter-post), built from config: every issue lakewarden files
 * carries label `lakewarden`; status names come from `jira.statuses`; savings fields are addressed as
 * `cf[id]`. "Verified this quarter" uses `updated >= startOfQuarter()` (Jira has no verified-at date unless
 * one is added); `lakewarden report` is exact.
 */
export function buildReportFilters(input: {
  projectKey: string;
  statuses: JiraSection['statuses'];
  estimatedField: string;
  verifiedField: string;
}): ReportFilter[] {
  const scope = `project = ${jqlString(input.projectKey)} AND labels = lakewarden`;
  const s = input.statuses;
  const est = input.estimatedField;
  const ver = input.verifiedField;
  return [
    {
      name: 'lakewarden: open findings by owner',
      description: 'Every open lakewarden finding, grouped by assignee (the resource owner), largest estimate first.',
      jql: `${scope} AND statusCategory != Done ORDER BY assignee ASC, ${est} DESC`,
      gadget: 'Two Dimensional Filter Statistics (x: Assignee, y: Status)',
    },
    {
      name: 'lakewarden: awaiting approval',
      description: `Findings waiting for their owner to move them to ${s.approved}.`,
      jql: `${scope} AND status = ${jqlString(s.open)} ORDER BY ${est} DESC, created ASC`,
      gadget: 'Filter Results (columns: Key, Summary, Assignee, Created, estimated savings)',
    },
    {
      name: 'lakewarden: approved, not yet verified',
      description: 'Approved fixes not yet applied, and done fixes whose savings have not been measured yet.',
      jql: `${scope} AND (status = ${jqlString(s.approved)} OR (status = ${jqlString(s.done)} AND ${ver} is EMPTY)) ORDER BY updated ASC`,
      gadget: 'Filter Results',
    },
    {
      name: 'lakewarden: verified savings this quarter',
      description: 'Issues whose verified savings were written this quarter (count here; sums in `lakewarden report`).',
      jql: `${scope} AND ${ver} is not EMPTY AND updated >= startOfQuarter() ORDER BY ${ver} DESC`,
      gadget: 'Filter Results (columns: Key, Summary, Assignee, verified savings)',
    },
    {
      name: 'lakewarden: declined',
      description: `Findings an owner declined (${s.declined}); not filed again for the snooze period.`,
      jql: `${scope} AND status = ${jqlString(s.declined)} ORDER BY updated DESC`,
      gadget: 'Two Dimensional Filter Statistics (x: Assignee, y: labels)',
    },
  ];
}
