import { z } from 'zod';
import type { JiraSection } from '../config/jira-section.ts';
import type { AdfDoc } from '../document/adf.ts';
import { AuthenticationError, ExternalServiceError } from '../errors.ts';
import { PROPERTY_KEY } from '../findings/issue-property.ts';
import { buildFingerprintJql } from '../jira/build-fingerprint-jql.ts';
import {
  buildIssueFields,
  buildPropertyValue,
  fitToEditScreen,
  issueTargetOf,
  trackedFieldsOf,
} from '../jira/build-issue-fields.ts';
import { chunk } from '../jira/chunk.ts';
import { buildRecentlyUpdatedJql } from '../jira/poll-reads.ts';
import { toCreateResults, toFailedCreateResults } from '../jira/to-create-results.ts';
import { toTrackedIssue } from '../jira/to-tracked-issue.ts';
import type {
  CreateResult,
  CreateScreen,
  IssueDraft,
  IssueTracker,
  MoveResult,
  TrackedIssue,
} from '../tracker/issue-tracker.ts';
import { moveThroughWorkflow, workflowMoveOptions } from '../tracker/move-through-workflow.ts';
import { checkDataCenterDeployment } from './check-deployment.ts';
import { createDataCenterAdmin } from './datacenter-admin.ts';
import { createDataCenterApprovalReads } from './datacenter-approval-reads.ts';
import type { DataCenterHttp } from './datacenter-http.ts';
import {
  listDataCenterComments,
  readDataCenterEditableFields,
  readProperty,
  searchAll,
  searchRefs,
  writeProperty,
} from './datacenter-reads.ts';
import { DcIssue, DcUser } from './datacenter-schemas.ts';
import { createDataCenterWorkflowApi } from './datacenter-workflow.ts';
import { readDataCenterCreateScreen } from './read-datacenter-create-screen.ts';
import { renderWikiMarkup } from './render-wiki-markup.ts';

const LABELS_PER_QUERY = 100;
const BULK_CREATE_MAX = 50;
const REF_PAGE = 100;

export interface DataCenterIssueTrackerOptions {
  http: DataCenterHttp;
  /** Project key of new issues (JIRA_PROJECT_KEY or jira.projectKey). */
  projectKey: string;
  /** The `jira:` config section. */
  jira: JiraSection;
}

/**
 * The Jira Data Center / Server 10+ adapter of the whole {@link IssueTracker} port over REST v2 with plain
 * `fetch` + zod (`createDataCenterHttp`; jira.js is Cloud-only, see docs/decisions/0006-jira-data-center-adapter.md).
 * Differences from the Cloud adapter, all inside this folder:
 * - documents are rendered to wiki markup (`renderWikiMarkup`), never sent as ADF;
 * - users are identified by `name` (username): every `accountId` of the port holds it, assignees are `{name}`;
 * - search is `POST /rest/api/2/search` with `startAt`/`total` paging; Data Center search has no
 *   `reconcileIssues`, so ids to reconcile that the search misses are read one by one;
 * - the `lakewarden` property is read and written through `/rest/api/2/issue/{id}/properties/lakewarden`;
 * - the first call (`whoAmI`) checks `GET /rest/api/2/serverInfo` and refuses Jira Cloud or a version below 10.
 * Transitions share the Cloud adapter's breadth-first walk (`moveThroughWorkflow`).
 *
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/
 */
export function createDataCenterIssueTracker(options: DataCenterIssueTrackerOptions): IssueTracker {
  const { http, projectKey, jira } = options;
  const issueTypeIds = new Map<string, string>();
  const target = issueTargetOf(projectKey, jira, issueTypeIds);
  const readFields = trackedFieldsOf(target);
  let deploymentChecked = false;

  /** The Cloud field shapes of `buildIssueFields`, in Data Center terms: wiki description, `{name}` assignee. */
  function dataCenterFields(draft: IssueDraft, mode: 'create' | 'edit'): Record<string, unknown> {
    const fields = buildIssueFields(draft, target, mode);
    fields.description = renderWikiMarkup(draft.description);
    if (draft.assigneeAccountId !== undefined) fields.assignee = { name: draft.assigneeAccountId };
    return fields;
  }

  async function tracked(issue: DcIssue): Promise<TrackedIssue> {
    return toTrackedIssue({ ...issue, properties: { [PROPERTY_KEY]: await readProperty(http, issue.id) } });
  }

  /** GET /rest/api/2/myself — https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/myself-getUser */
  async function whoAmI(): Promise<{ accountId: string; displayName: string }> {
    if (!deploymentChecked) {
      await checkDataCenterDeployment(http);
      deploymentChecked = true;
    }
    const me = await http({
      method: 'GET',
      path: '/rest/api/2/myself',
      schema: DcUser,
      operation: 'read the current user',
    });
    if (me.name === '') {
      throw new AuthenticationError('jira', 'Jira answered /myself without a user name: check JIRA_PAT', {
        status: 200,
      });
    }
    return { accountId: me.name, displayName: me.displayName ?? me.name };
  }

  async function findByFingerprints(
    fingerprints: readonly string[],
    reconcileIds: readonly string[],
    projectKeys: readonly string[] = [],
  ): Promise<TrackedIssue[]> {
    const unique = [...new Set(fingerprints)];
    if (unique.length === 0) return [];
    const found = new Map<string, TrackedIssue>();
    for (const labels of chunk(unique, LABELS_PER_QUERY)) {
      const jql = buildFingerprintJql([projectKey, ...projectKeys], labels);
      const issues = await searchAll(http, jql, {
        fields: readFields,
        pageSize: jira.searchMaxResults,
        what: 'search issues by fingerprint',
      });
      for (const issue of issues) found.set(issue.id, await tracked(issue));
    }
    // No reconcileIssues on Data Center: read the just-written issues the index has not caught up with.
    const missing = [...new Set(reconcileIds)].filter((id) => !found.has(id));
    for (const issue of await getIssues(missing)) found.set(issue.id, issue);
    const wanted = new Set(unique);
    return [...found.values()].filter((issue) => issue.fingerprint !== undefined && wanted.has(issue.fingerprint));
  }

  /** GET /rest/api/2/issue/{id} per id (Data Center has no bulk fetch); missing issues are omitted. */
  async function getIssues(ids: readonly string[]): Promise<TrackedIssue[]> {
    const issues: TrackedIssue[] = [];
    for (const id of new Set(ids)) {
      try {
        const issue = await http({
          method: 'GET',
          path: `/rest/api/2/issue/${encodeURIComponent(id)}`,
          query: { fields: readFields.join(',') },
          schema: DcIssue,
          operation: `read issue ${id}`,
        });
        issues.push(await tracked(issue));
      } catch (error) {
        if (error instanceof ExternalServiceError && error.status === 404) continue;
        throw error;
      }
    }
    return issues;
  }

  /**
   * POST /rest/api/2/issue/bulk, then the `lakewarden` property of each created issue.
   * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-createIssues
   */
  async function createIssues(drafts: readonly IssueDraft[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const draftChunk of chunk(drafts, BULK_CREATE_MAX)) {
      const issueUpdates = draftChunk.map((draft) => ({ fields: dataCenterFields(draft, 'create') }));
      let chunkResults: CreateResult[];
      try {
        const answer = await http<unknown>({
          method: 'POST',
          path: '/rest/api/2/issue/bulk',
          body: { issueUpdates },
          schema: z.unknown(),
          operation: 'create issues',
          kind: 'non-idempotent',
        });
        chunkResults = toCreateResults(draftChunk, answer);
      } catch (error) {
        chunkResults = toFailedCreateResults(draftChunk, error);
      }
      for (const [index, result] of chunkResults.entries()) {
        const draft = draftChunk[index];
        if (result.ok && draft !== undefined) await writeProperty(http, result.id, buildPropertyValue(draft));
      }
      results.push(...chunkResults);
    }
    return results;
  }

  /**
   * PUT /rest/api/2/issue/{id} with the fields on its edit screen, then the `lakewarden` property.
   * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-editIssue
   */
  async function updateIssue(id: string, draft: IssueDraft): Promise<void> {
    const path = `/rest/api/2/issue/${encodeURIComponent(id)}`;
    const editable = await readDataCenterEditableFields(http, id);
    const fields = fitToEditScreen(id, dataCenterFields(draft, 'edit'), editable);
    await http({ method: 'PUT', path, body: { fields }, operation: `edit issue ${id}` });
    await writeProperty(http, id, buildPropertyValue(draft));
  }

  /** POST /rest/api/2/issue/{id}/comment with a wiki-markup body — https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/issue-addComment */
  async function addComment(id: string, body: AdfDoc): Promise<void> {
    await http({
      method: 'POST',
      path: `/rest/api/2/issue/${encodeURIComponent(id)}/comment`,
      body: { body: renderWikiMarkup(body) },
      operation: `comment on issue ${id}`,
      kind: 'non-idempotent',
    });
  }

  const workflow = createDataCenterWorkflowApi(http);
  const moveOptions = workflowMoveOptions(jira);

  async function moveTo(id: string, statusName: string): Promise<MoveResult> {
    return moveThroughWorkflow(workflow, id, statusName, moveOptions);
  }

  async function transitionTo(id: string, statusName: string): Promise<boolean> {
    return (await moveTo(id, statusName)).reached;
  }

  async function readScreen(key: string | undefined): Promise<CreateScreen> {
    const screen = await readDataCenterCreateScreen(http, key ?? projectKey, jira.issueType);
    issueTypeIds.set(screen.projectKey, screen.issueTypeId);
    return screen;
  }

  /**
   * Email → username by `GET /rest/api/2/user/search?username=<email>` (matches username, name and email);
   * only an active user whose email equals `email` is taken.
   * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/user-findUsers
   */
  async function findAccountId(email: string): Promise<string | undefined> {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return undefined;
    const users = await http({
      method: 'GET',
      path: '/rest/api/2/user/search',
      query: { username: wanted },
      schema: DcUser.array(),
      operation: 'search users by email',
    });
    return users.find((u) => u.active !== false && u.emailAddress?.toLowerCase() === wanted)?.name;
  }

  /** GET /rest/api/2/user?username= — https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/user-getUser */
  async function getUserEmail(name: string): Promise<string | undefined> {
    const user = await http({
      method: 'GET',
      path: '/rest/api/2/user',
      query: { username: name },
      schema: DcUser,
      operation: `read user ${name}`,
    });
    return user.emailAddress === undefined || user.emailAddress === '' ? undefined : user.emailAddress;
  }

  const tickets = {
    whoAmI,
    findByFingerprints,
    readCreateScreen: readScreen,
    getIssues,
    createIssues,
    updateIssue,
    addComment,
    moveTo,
    transitionTo,
    findAccountId,
    getUserEmail,
    listLakewardenIssues: () =>
      searchRefs(http, `project = "${projectKey.replace(/"/g, '')}" AND labels = lakewarden ORDER BY created ASC`, {
        pageSize: REF_PAGE,
        what: 'list lakewarden issues',
      }),
    findRecentlyUpdated: (minutes: number) =>
      searchRefs(http, buildRecentlyUpdatedJql(minutes), {
        pageSize: jira.searchMaxResults,
        what: 'search recently updated lakewarden issues',
      }),
    listComments: (id: string) => listDataCenterComments(http, id),
  };
  const admin = createDataCenterAdmin(http, projectKey);
  return {
    ...tickets,
    ...createDataCenterApprovalReads(http, tickets),
    ...admin,
  };
}
