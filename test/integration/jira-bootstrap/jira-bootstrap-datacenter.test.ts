import { describe, expect, it } from 'vitest';
import { buildReportFilters } from '../../../src/bootstrap/build-report-filters.ts';
import { jiraBootstrapCommand } from '../../../src/commands/jira-bootstrap-command.ts';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { createDataCenterHttp } from '../../../src/jira-datacenter/datacenter-http.ts';
import { createDataCenterIssueTracker } from '../../../src/jira-datacenter/datacenter-issue-tracker.ts';
import { createFakeJira } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';

const PAT = 'dc-bootstrap-pat-0123456789';

function capture() {
  const out: string[] = [];
  return { out, output: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
}

describe('jira bootstrap on Jira Data Center (REST v2)', () => {
  it('--apply creates the number fields and the filters (favourites, shared with the project) once', async () => {
    const fake = createFakeJira({ flavour: 'datacenter', apiToken: PAT });
    server.use(...fake.handlers);
    const jira = JiraSection.parse({ deployment: 'datacenter' });
    const http = createDataCenterHttp({
      baseUrl: fake.baseUrl,
      auth: { type: 'pat', token: PAT },
      retry: { maxRetries: 0, sleep: async () => {}, random: () => 0 },
    });
    const deps = {
      jira: createDataCenterIssueTracker({ http, projectKey: 'FIN', jira }),
      projectKey: 'FIN',
      jiraConfig: jira,
    };

    const first = await jiraBootstrapCommand(deps, { apply: true }, capture().output);
    expect(first.fields.map((f) => f.outcome)).toEqual(['created', 'created', 'created']);
    expect(fake.writes().filter((c) => c.path === '/rest/api/2/field')).toHaveLength(3);
    // The same five filters as on Cloud.
    const expected = buildReportFilters({
      projectKey: 'FIN',
      statuses: jira.statuses,
      estimatedField: first.fields[0]?.id ?? '',
      verifiedField: first.fields[1]?.id ?? '',
    });
    expect(fake.state.filters.map((f) => f.name)).toEqual(expected.map((f) => f.name));
    expect(fake.state.filters.every((f) => f.jql.startsWith('project = "FIN" AND labels = lakewarden'))).toBe(true);
    const shares = fake.writes().filter((c) => /^\/rest\/api\/2\/filter\/\d+\/permission$/.test(c.path));
    expect(shares.map((c) => c.body)).toEqual(Array(5).fill({ type: 'project', projectId: '10000' }));
    expect(fake.calls().filter((c) => !c.path.startsWith('/rest/api/2/') || c.status >= 400)).toEqual([]);

    const writes = fake.writes().length;
    const again = await jiraBootstrapCommand(deps, { apply: true }, capture().output);
    expect(again.fields.map((f) => f.outcome)).toEqual(['exists', 'exists', 'exists']);
    expect(again.filters.map((f) => f.outcome)).toEqual(Array(5).fill('exists'));
    expect(fake.writes()).toHaveLength(writes);
  });
});
