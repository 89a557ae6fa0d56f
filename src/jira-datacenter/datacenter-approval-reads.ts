import { ExternalServiceError } from '../errors.ts';
import { ensureStatusThrough } from '../tracker/ensure-status.ts';
import type {
  ApprovalTracker,
  CommentReader,
  FetchedIssue,
  JiraUserRef,
  TicketTracker,
} from '../tracker/issue-tracker.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { listDataCenterComments, readProperty } from './datacenter-reads.ts';
import { DcIssue, type DcUser, DcUserWithGroups } from './datacenter-schemas.ts';
import { escapeWikiText } from './render-wiki-markup.ts';

function userRef(value: unknown): JiraUserRef | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, displayName } = value as Partial<DcUser>;
  return typeof name === 'string' ? { accountId: name, displayName: displayName ?? null } : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The approval-flow reads of the Data Center tracker: the issue with its `lakewarden` property and its whole
 * changelog (`GET /rest/api/2/issue/{id}?fields=status,labels,assignee,reporter&expand=changelog` — Data
 * Center has no paged `/changelog` resource; `expand=changelog` returns the histories), the approver's groups
 * **by name** (`GET /rest/api/2/user?username=&expand=groups`; Data Center groups have no ids, so
 * `approvals.approverGroups` holds group names there), comments, and status moves through `transitionTo`.
 * Users are by `name` in every `accountId` field.
 *
 * @throws ExternalServiceError / AuthenticationError (the worker retries later)
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getIssue
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/user-getUser
 */
export function createDataCenterApprovalReads(
  http: DataCenterHttp,
  tracker: Pick<TicketTracker, 'transitionTo'>,
): Omit<ApprovalTracker, 'addComment'> & CommentReader {
  async function currentStatus(issueId: string): Promise<string> {
    const issue = await http({
      method: 'GET',
      path: `/rest/api/2/issue/${encodeURIComponent(issueId)}`,
      query: { fields: 'status' },
      schema: DcIssue,
      operation: `read issue ${issueId}`,
    });
    return str((issue.fields?.status as { name?: unknown } | undefined)?.name) ?? '';
  }

  return {
    async getIssueWithChangelog(issueId): Promise<FetchedIssue> {
      const issue = await http({
        method: 'GET',
        path: `/rest/api/2/issue/${encodeURIComponent(issueId)}`,
        query: { fields: 'status,labels,assignee,reporter', expand: 'changelog' },
        schema: DcIssue,
        operation: `read issue ${issueId}`,
      });
      const fields = issue.fields ?? {};
      const status = (fields.status ?? {}) as { id?: unknown; name?: unknown };
      const histories = issue.changelog?.histories ?? [];
      if ((issue.changelog?.total ?? 0) > histories.length) {
        throw new ExternalServiceError(
          'jira',
          `Jira returned ${histories.length} of the ${issue.changelog?.total} changelog entries of issue ${issueId}; lakewarden needs all of them to check an approval`,
        );
      }
      return {
        id: issue.id,
        key: issue.key,
        status: { id: str(status.id), name: str(status.name) ?? '' },
        labels: Array.isArray(fields.labels) ? fields.labels.filter((l): l is string => typeof l === 'string') : [],
        assignee: userRef(fields.assignee),
        reporter: userRef(fields.reporter),
        property: await readProperty(http, issue.id),
        changelog: histories.map((h) => ({
          id: h.id,
          author: userRef(h.author),
          created: h.created,
          items: h.items.map((i) => ({
            field: i.field,
            from: i.from,
            fromString: i.fromString,
            to: i.to,
            toString: i.toString,
          })),
        })),
      };
    },
    async getUserGroups(name) {
      const user = await http({
        method: 'GET',
        path: '/rest/api/2/user',
        query: { username: name, expand: 'groups' },
        schema: DcUserWithGroups,
        operation: `read the groups of user ${name}`,
      });
      return (user.groups?.items ?? []).map((g) => g.name).filter((g) => g !== '');
    },
    ensureStatus: (issueId, statusName) =>
      ensureStatusThrough(issueId, statusName, { transitionTo: tracker.transitionTo, currentStatus }),
    async hasCommentWith(issueId, marker) {
      const comments = await listDataCenterComments(http, issueId);
      // lakewarden's own comments carry the marker as escaped wiki text (render-wiki-markup.ts).
      const escaped = escapeWikiText(marker);
      return comments.some((c) => c.text.includes(marker) || c.text.includes(escaped));
    },
    currentStatus,
  };
}
