import { ExternalServiceError } from '../errors.ts';
import { PROPERTY_KEY } from '../findings/issue-property.ts';
import type { IssueComment, IssueRef } from '../tracker/issue-tracker.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import { DcCommentPage, DcEditMeta, type DcIssue, DcProperty, DcSearchPage } from './datacenter-schemas.ts';

const COMMENT_PAGE = 100;

/**
 * Every issue a JQL query matches, all pages of `POST /rest/api/2/search` (offset paging: `startAt`,
 * `maxResults`, until `startAt + issues ≥ total`), each issue once.
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search-searchUsingSearchRequest
 */
export async function searchAll(
  http: DataCenterHttp,
  jql: string,
  options: { fields: readonly string[]; pageSize: number; what: string },
): Promise<DcIssue[]> {
  const found = new Map<string, DcIssue>();
  for (let startAt = 0; ; ) {
    const page = await http({
      method: 'POST',
      path: '/rest/api/2/search',
      body: { jql, startAt, maxResults: options.pageSize, fields: options.fields },
      schema: DcSearchPage,
      operation: options.what,
    });
    for (const issue of page.issues) found.set(issue.id, issue);
    startAt += page.issues.length;
    if (page.issues.length === 0 || startAt >= page.total) return [...found.values()];
  }
}

/** Ids and keys of the issues a JQL query matches (see `searchAll`). */
export async function searchRefs(
  http: DataCenterHttp,
  jql: string,
  options: { pageSize: number; what: string },
): Promise<IssueRef[]> {
  const issues = await searchAll(http, jql, { ...options, fields: ['id'] });
  return issues.map((i) => ({ id: i.id, key: i.key }));
}

/**
 * The `lakewarden` issue property (`GET /rest/api/2/issue/{id}/properties/lakewarden`); undefined when the issue
 * has none (404 "property does not exist"). A 404 for the issue itself also reads as "none".
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue/{issueIdOrKey}/properties-getProperty
 */
export async function readProperty(http: DataCenterHttp, issueId: string): Promise<unknown> {
  try {
    const property = await http({
      method: 'GET',
      path: `/rest/api/2/issue/${encodeURIComponent(issueId)}/properties/${PROPERTY_KEY}`,
      schema: DcProperty,
      operation: `read the lakewarden property of issue ${issueId}`,
    });
    return property.value;
  } catch (error) {
    if (error instanceof ExternalServiceError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Sets the `lakewarden` issue property (`PUT /rest/api/2/issue/{id}/properties/lakewarden`, idempotent).
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue/{issueIdOrKey}/properties-setProperty
 */
export async function writeProperty(http: DataCenterHttp, issueId: string, value: unknown): Promise<void> {
  await http({
    method: 'PUT',
    path: `/rest/api/2/issue/${encodeURIComponent(issueId)}/properties/${PROPERTY_KEY}`,
    body: value,
    operation: `set the lakewarden property of issue ${issueId}`,
  });
}

/**
 * Every comment of an issue, oldest first, every page (`GET /rest/api/2/issue/{id}/comment?orderBy=created`).
 * Data Center bodies are wiki-markup strings; the text is the body as written. Authors are by `name`.
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getComments
 */
export async function listDataCenterComments(http: DataCenterHttp, issueId: string): Promise<IssueComment[]> {
  const comments: IssueComment[] = [];
  for (let startAt = 0; ; ) {
    const page = await http({
      method: 'GET',
      path: `/rest/api/2/issue/${encodeURIComponent(issueId)}/comment`,
      query: { startAt, maxResults: COMMENT_PAGE, orderBy: 'created' },
      schema: DcCommentPage,
      operation: `read the comments of issue ${issueId}`,
    });
    for (const c of page.comments) {
      comments.push({
        id: c.id,
        authorAccountId: c.author?.name ?? null,
        authorDisplayName: c.author?.displayName ?? null,
        created: c.created,
        text: c.body,
        body: c.body,
      });
    }
    startAt += page.comments.length;
    if (page.comments.length === 0 || startAt >= page.total) return comments;
  }
}

/**
 * The field ids on the edit screen of an issue (`GET /rest/api/2/issue/{id}/editmeta`).
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-getEditIssueMeta
 */
export async function readDataCenterEditableFields(http: DataCenterHttp, issueId: string): Promise<Set<string>> {
  const meta = await http({
    method: 'GET',
    path: `/rest/api/2/issue/${encodeURIComponent(issueId)}/editmeta`,
    schema: DcEditMeta,
    operation: `read the edit screen of issue ${issueId}`,
  });
  return new Set(Object.keys(meta.fields));
}
