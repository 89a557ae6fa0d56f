import type { JiraContext } from './jira-context.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** One field change inside a changelog entry (`from`/`to` are ids, `*String` the display values). */
export interface IssueChangeItem {
  field: string;
  fieldId: string | undefined;
  from: string | undefined;
  fromString: string | undefined;
  to: string | undefined;
  toString: string | undefined;
}

/** One changelog entry: who changed what, when (ISO 8601). */
export interface IssueChange {
  id: string;
  authorAccountId: string | undefined;
  created: string | undefined;
  items: IssueChangeItem[];
}

/** An issue as the approval worker re-reads it: current state plus its complete changelog, oldest first. */
export interface IssueWithChangelog {
  id: string;
  key: string;
  status: string;
  statusCategory: string;
  labels: string[];
  assigneeAccountId: string | undefined;
  reporterAccountId: string | undefined;
  changelog: IssueChange[];
}

const CHANGELOG_PAGE_SIZE = 100;

function accountIdOf(user: unknown): string | undefined {
  if (typeof user !== 'object' || user === null) return undefined;
  const { accountId } = user as { accountId?: unknown };
  return typeof accountId === 'string' ? accountId : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Re-reads an issue for approval checks (jira.md §4.5): `GET /rest/api/3/issue/{id}?fields=status,labels,assignee,reporter`
 * and every page of `GET /rest/api/3/issue/{id}/changelog` (startAt/maxResults until isLast).
 *
 * @throws ExternalServiceError (404 when the issue is gone), AuthenticationError on rejected credentials.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
 */
export async function getIssueWithChangelog(context: JiraContext, issueId: string): Promise<IssueWithChangelog> {
  const { client, retry } = context;
  const issue = await withJiraRetry(
    () => client.issues.getIssue({ issueIdOrKey: issueId, fields: ['status', 'labels', 'assignee', 'reporter'] }),
    `read issue ${issueId}`,
    retry,
  );
  const fields = issue.fields ?? {};
  const status = (fields.status ?? {}) as { name?: unknown; statusCategory?: { key?: unknown } };
  const changelog: IssueChange[] = [];
  for (let startAt = 0; ; ) {
    const page = await withJiraRetry(
      () => client.issues.getChangeLogs({ issueIdOrKey: issueId, startAt, maxResults: CHANGELOG_PAGE_SIZE }),
      `read the changelog of issue ${issueId}`,
      retry,
    );
    for (const entry of page.values) {
      changelog.push({
        id: entry.id ?? '',
        authorAccountId: entry.author?.accountId,
        created: entry.created?.toISOString(),
        items: (entry.items ?? []).map((item) => ({
          field: item.field ?? '',
          fieldId: text(item.fieldId),
          from: text(item.from),
          fromString: text(item.fromString),
          to: text(item.to),
          toString: text(item.toString),
        })),
      });
    }
    startAt += page.values.length;
    if (page.isLast || page.values.length === 0) break;
  }
  return {
    id: issue.id ?? issueId,
    key: issue.key ?? '',
    status: text(status.name) ?? '',
    statusCategory: text(status.statusCategory?.key) ?? '',
    labels: Array.isArray(fields.labels)
      ? fields.labels.filter((l: unknown): l is string => typeof l === 'string')
      : [],
    assigneeAccountId: accountIdOf(fields.assignee),
    reporterAccountId: accountIdOf(fields.reporter),
    changelog,
  };
}
