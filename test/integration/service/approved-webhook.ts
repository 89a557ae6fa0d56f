import { readFileSync } from 'node:fs';
import type { FakeJira } from '../../support/fake-jira.ts';

const fixtureDir = new URL('../../fixtures/jira/', import.meta.url);
const approvedFixture = JSON.parse(
  readFileSync(new URL('webhook-cloud-issue-updated-status-approved.json', fixtureDir), 'utf8'),
) as Record<string, unknown>;

/** The Cloud webhook body Jira sends for the latest status change of `issueId` in the fake (shape of the fixture). */
export function approvedWebhookBody(jira: FakeJira, issueId: string): string {
  const issue = jira.state.issues.find((i) => i.id === issueId);
  const entry = issue?.changelog.at(-1);
  if (issue === undefined || entry === undefined) throw new Error(`no changelog on ${issueId}`);
  return JSON.stringify({
    ...approvedFixture,
    timestamp: Date.parse(entry.created.replace('+0000', 'Z')),
    user: { ...(approvedFixture.user as object), accountId: entry.authorAccountId },
    issue: {
      ...(approvedFixture.issue as object),
      id: issue.id,
      key: issue.key,
      self: `${jira.baseUrl}/rest/api/2/issue/${issue.id}`,
    },
    changelog: { id: entry.id, items: entry.items },
  });
}
