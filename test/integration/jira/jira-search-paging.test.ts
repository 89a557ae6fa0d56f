import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import { server } from '../../support/msw.ts';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/jira/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('fingerprint search paging with real-shaped /search/jql pages', () => {
  it('follows nextPageToken until isLast and maps the lakewarden property', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post('https://example.atlassian.net/rest/api/3/search/jql', async ({ request }) => {
        const body = (await request.json()) as { nextPageToken?: string };
        bodies.push(body);
        return HttpResponse.json(
          body.nextPageToken === undefined
            ? fixture('rest-search-jql-page-1.json')
            : fixture('rest-search-jql-last-page.json'),
        );
      }),
    );
    const tracker = createJiraIssueTracker({
      context: {
        client: createJiraClient({
          baseUrl: 'https://example.atlassian.net',
          email: 'bot@example.com',
          apiToken: 'token',
          onSchemaMismatch: 'throw',
        }),
        retry: { maxRetries: 0, sleep: vi.fn(async () => {}), random: () => 0 },
      },
      projectKey: 'FINOPS',
      jira: JiraSection.parse({ fields: { estimatedSavings: 'customfield_10050' } }),
    });
    const found = await tracker.findByFingerprints(
      ['3f9a1c0d5e7b2a46', '9b02e7c44d1a6f30', '51c0aa9e2b7d8e13'],
      ['10471'],
    );
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({
      jql: 'project = FINOPS AND labels in ("lw-fp-3f9a1c0d5e7b2a46", "lw-fp-9b02e7c44d1a6f30", "lw-fp-51c0aa9e2b7d8e13")',
      fields: ['summary', 'status', 'labels', 'updated', 'customfield_10050'],
      properties: ['lakewarden'],
      maxResults: 500,
      reconcileIssues: [10471],
    });
    expect(bodies[1]).toMatchObject({ nextPageToken: 'CAEaAggDIgEx' });
    expect(found.map((i) => [i.key, i.status, i.statusCategory, i.fingerprint, i.estimatedSavingsUsd])).toEqual([
      ['FINOPS-17', 'Approved', 'indeterminate', '3f9a1c0d5e7b2a46', 412.5],
      ['FINOPS-21', 'To Do', 'new', '9b02e7c44d1a6f30', undefined],
      ['FINOPS-30', 'Done', 'done', '51c0aa9e2b7d8e13', undefined],
    ]);
  });

  it('rejects a fingerprint that could widen the JQL', async () => {
    const tracker = createJiraIssueTracker({
      context: {
        client: createJiraClient({
          baseUrl: 'https://example.atlassian.net',
          email: 'bot@example.com',
          apiToken: 't',
          onSchemaMismatch: 'throw',
        }),
        retry: { maxRetries: 0, sleep: vi.fn(async () => {}), random: () => 0 },
      },
      projectKey: 'FINOPS',
      jira: JiraSection.parse({}),
    });
    await expect(tracker.findByFingerprints(['abc") OR project != ("x'], [])).rejects.toThrow(
      /Invalid finding fingerprint/,
    );
  });
});

describe('createJiraClient', () => {
  it('turns invalid settings into a ConfigError naming the variables', () => {
    expect(() =>
      createJiraClient({
        baseUrl: 'https://example.atlassian.net',
        email: 'not-an-email',
        apiToken: 't',
        onSchemaMismatch: 'throw',
      }),
    ).toThrow(expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining('JIRA_EMAIL') }));
  });

  it('logs a schema mismatch through the injected logger and keeps the unvalidated body', async () => {
    server.use(
      http.get('https://example.atlassian.net/rest/api/3/myself', () =>
        HttpResponse.json({ accountId: 42, displayName: 'x' }),
      ),
    );
    const warn = vi.fn();
    const client = createJiraClient({
      baseUrl: 'https://example.atlassian.net',
      email: 'bot@example.com',
      apiToken: 't',
      onSchemaMismatch: { warn },
    });
    const me = await client.myself.getCurrentUser();
    expect(me).toMatchObject({ displayName: 'x' });
    expect(warn).toHaveBeenCalledWith(
      { jiraSchemaMismatch: expect.objectContaining({ endpoint: 'GET /rest/api/3/myself' }) },
      'Jira response did not match its schema',
    );
  });
});

describe('removed API', () => {
  it('maps a 410 from Jira to an ExternalServiceError that says the API was removed', async () => {
    server.use(
      http.post('https://example.atlassian.net/rest/api/3/search/jql', () =>
        HttpResponse.json(fixture('rest-error-410-search-removed.json'), { status: 410 }),
      ),
    );
    const tracker = createJiraIssueTracker({
      context: {
        client: createJiraClient({
          baseUrl: 'https://example.atlassian.net',
          email: 'bot@example.com',
          apiToken: 't',
          onSchemaMismatch: 'throw',
        }),
        retry: { maxRetries: 3, sleep: vi.fn(async () => {}), random: () => 0 },
      },
      projectKey: 'FINOPS',
      jira: JiraSection.parse({}),
    });
    await expect(tracker.findByFingerprints(['abcd'], [])).rejects.toMatchObject({
      name: 'ExternalServiceError',
      status: 410,
      message: expect.stringMatching(/has been removed \(410\).*migrate to the \/rest\/api\/3\/search\/jql API/),
    });
  });
});
