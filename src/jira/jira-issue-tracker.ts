import type { JiraSection } from '../config/jira-section.ts';
import type { AdfDoc } from '../document/adf.ts';
import { AuthenticationError, ConfigError, ExternalServiceError } from '../errors.ts';
import { PROPERTY_KEY } from '../findings/issue-property.ts';
import type {
  CreateResult,
  CreateScreen,
  IssueDraft,
  IssueTracker,
  MoveResult,
  TrackedIssue,
} from '../tracker/issue-tracker.ts';
import { workflowMoveOptions } from '../tracker/move-through-workflow.ts';
import { createApprovalReads } from './approval-reads.ts';
import { getUserEmail, listLakewardenIssues } from './audit-reads.ts';
import { createBootstrapAdmin } from './bootstrap-admin.ts';
import { buildFingerprintJql } from './build-fingerprint-jql.ts';
import {
  buildCreateProperties,
  buildIssueFields,
  buildPropertyValue,
  fitToEditScreen,
  issueTargetOf,
  trackedFieldsOf,
} from './build-issue-fields.ts';
import { chunk } from './chunk.ts';
import { findAccountIdByEmail } from './find-account-id-by-email.ts';
import type { JiraContext } from './jira-context.ts';
import { moveIssue } from './move-issue.ts';
import { findRecentlyUpdated, listComments } from './poll-reads.ts';
import { readCreateScreen, readEditableFields } from './read-create-screen.ts';
import { readIssueStatuses } from './read-issue-statuses.ts';
import { setNumberField } from './set-number-field.ts';
import { toCreateResults, toFailedCreateResults } from './to-create-results.ts';
import { toTrackedIssue } from './to-tracked-issue.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** Jira limits (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post): labels per fingerprint query (ours), bulk create, bulk fetch, reconcileIssues. */
const LABELS_PER_QUERY = 100;
const BULK_CREATE_MAX = 50;
const BULK_FETCH_MAX = 100;
const RECONCILE_MAX = 50;

export interface JiraIssueTrackerOptions {
  context: JiraContext;
  /** Project key of new issues (JIRA_PROJECT_KEY or jira.projectKey). */
  projectKey: string;
  /** The `jira:` config section (issue type, savings field, page size). */
  jira: JiraSection;
}

/**
 * The Jira Cloud adapter of the whole {@link IssueTracker} port, over jira.js v6 (Jira Cloud REST v3): tickets
 * here, the approval reads (`approval-reads.ts`), the savings field (`set-number-field.ts`), the report's
 * statuses (`read-issue-statuses.ts`) and the bootstrap's admin calls (`bootstrap-admin.ts`). Documents are
 * sent as ADF as they are. Reads and PUT edits retry 429/503; creates, comments and transitions retry only 429
 * (see `withJiraRetry`). All ids are issue ids, never keys.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 */
export function createJiraIssueTracker(options: JiraIssueTrackerOptions): IssueTracker {
  const { client, retry } = options.context;
  const { projectKey, jira } = options;
  const issueTypeIds = new Map<string, string>();
  const target = issueTargetOf(projectKey, jira, issueTypeIds);
  const readFields = trackedFieldsOf(target);

  /** GET /rest/api/3/myself — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/ */
  async function whoAmI(): Promise<{ accountId: string; displayName: string }> {
    let me: Awaited<ReturnType<typeof client.myself.getCurrentUser>>;
    try {
      me = await withJiraRetry(() => client.myself.getCurrentUser(), 'read the current user', retry);
    } catch (error) {
      // Jira Data Center / Server has no REST v3: its /rest/api/3/myself is a 404.
      if (error instanceof ExternalServiceError && error.status === 404) {
        throw new ConfigError(
          'JIRA_BASE_URL has no Jira Cloud REST v3 (GET /rest/api/3/myself answered 404) — fix: for Jira Data Center / Server set jira.deployment: datacenter and JIRA_PAT',
          { cause: error },
        );
      }
      throw error;
    }
    if (me.accountId === undefined || me.accountId === '') {
      throw new AuthenticationError(
        'jira',
        'Jira answered /myself without an accountId, so the credentials are dead or anonymous: check JIRA_EMAIL and JIRA_API_TOKEN',
        { status: 200 },
      );
    }
    return { accountId: me.accountId, displayName: me.displayName ?? me.accountId };
  }

  /** POST /rest/api/3/search/jql — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post */
  async function findByFingerprints(
    fingerprints: readonly string[],
    reconcileIds: readonly string[],
    projectKeys: readonly string[] = [],
  ): Promise<TrackedIssue[]> {
    const unique = [...new Set(fingerprints)];
    if (unique.length === 0) return [];
    // reconcileIssues takes numeric issue ids (≤ 50 per request); anything else (e.g. a key) cannot be reconciled.
    const numericIds = [...new Set(reconcileIds)].filter((id) => /^\d+$/.test(id)).map(Number);
    const reconcileChunks = numericIds.length === 0 ? [[]] : chunk(numericIds, RECONCILE_MAX);
    const found = new Map<string, TrackedIssue>();
    for (const labels of chunk(unique, LABELS_PER_QUERY)) {
      const jql = buildFingerprintJql([projectKey, ...projectKeys], labels);
      for (const reconcileIssues of reconcileChunks) {
        let nextPageToken: string | undefined;
        do {
          const pageToken = nextPageToken;
          const page = await withJiraRetry(
            () =>
              client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
                jql,
                fields: readFields,
                properties: [PROPERTY_KEY],
                maxResults: jira.searchMaxResults,
                ...(pageToken === undefined ? {} : { nextPageToken: pageToken }),
                ...(reconcileIssues.length === 0 ? {} : { reconcileIssues }),
              }),
            'search issues by fingerprint',
            retry,
          );
          for (const issue of page.issues ?? []) {
            const tracked = toTrackedIssue(issue);
            found.set(tracked.id, tracked);
          }
          nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
        } while (nextPageToken !== undefined);
      }
    }
    const wanted = new Set(unique);
    return [...found.values()].filter((issue) => issue.fingerprint !== undefined && wanted.has(issue.fingerprint));
  }

  /** POST /rest/api/3/issue/bulkfetch — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulkfetch-post */
  async function getIssues(ids: readonly string[]): Promise<TrackedIssue[]> {
    const issues: TrackedIssue[] = [];
    for (const idChunk of chunk([...new Set(ids)], BULK_FETCH_MAX)) {
      const answer = await withJiraRetry(
        () =>
          client.issues.bulkFetchIssues({ issueIdsOrKeys: idChunk, fields: readFields, properties: [PROPERTY_KEY] }),
        'fetch issues',
        retry,
      );
      for (const issue of answer.issues ?? []) issues.push(toTrackedIssue(issue));
    }
    return issues;
  }

  /** POST /rest/api/3/issue/bulk — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post */
  async function createIssues(drafts: readonly IssueDraft[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const draftChunk of chunk(drafts, BULK_CREATE_MAX)) {
      const issueUpdates = draftChunk.map((draft) => ({
        fields: buildIssueFields(draft, target, 'create'),
        properties: buildCreateProperties(draft),
      }));
      try {
        const answer = await withJiraRetry(
          () => client.issues.createIssues({ issueUpdates }),
          'create issues',
          retry,
          'non-idempotent',
        );
        results.push(...toCreateResults(draftChunk, answer));
      } catch (error) {
        results.push(...toFailedCreateResults(draftChunk, error));
      }
    }
    return results;
  }

  /**
   * PUT /rest/api/3/issue/{id} then PUT /rest/api/3/issue/{id}/properties/lakewarden —
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
   */
  async function updateIssue(id: string, draft: IssueDraft): Promise<void> {
    const editable = await readEditableFields(options.context, id);
    const fields = fitToEditScreen(id, buildIssueFields(draft, target, 'edit'), editable);
    await withJiraRetry(() => client.issues.editIssue({ issueIdOrKey: id, fields }), `edit issue ${id}`, retry);
    await withJiraRetry(
      () =>
        client.issueProperties.setIssueProperty({
          issueIdOrKey: id,
          propertyKey: PROPERTY_KEY,
          body: buildPropertyValue(draft),
        }),
      `set the lakewarden property of issue ${id}`,
      retry,
    );
  }

  /** POST /rest/api/3/issue/{id}/comment — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post */
  async function addComment(id: string, body: AdfDoc): Promise<void> {
    await withJiraRetry(
      () => client.issueComments.addComment({ issueIdOrKey: id, body: { ...body, content: [...body.content] } }),
      `comment on issue ${id}`,
      retry,
      'non-idempotent',
    );
  }

  const moveOptions = workflowMoveOptions(jira);

  /** Moves an issue through the workflow (see `moveIssue`), never through the approved or rollback status. */
  async function moveTo(id: string, statusName: string): Promise<MoveResult> {
    return moveIssue(options.context, id, statusName, moveOptions);
  }

  async function transitionTo(id: string, statusName: string): Promise<boolean> {
    return (await moveTo(id, statusName)).reached;
  }

  /** Reads the create screen and remembers the project's issue type id for the creates that follow. */
  async function readScreen(key: string | undefined): Promise<CreateScreen> {
    const screen = await readCreateScreen(options.context, key ?? projectKey, jira.issueType);
    issueTypeIds.set(screen.projectKey, screen.issueTypeId);
    return screen;
  }

  async function findAccountId(email: string): Promise<string | undefined> {
    return findAccountIdByEmail(options.context, email);
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
    getUserEmail: (accountId: string) => getUserEmail(options.context, accountId),
    listLakewardenIssues: () => listLakewardenIssues(options.context, projectKey),
    findRecentlyUpdated: (minutes: number) => findRecentlyUpdated(options.context, minutes, jira.searchMaxResults),
    listComments: (id: string) => listComments(options.context, id),
  };
  return {
    ...tickets,
    ...createApprovalReads(options.context, tickets),
    ...createBootstrapAdmin(options.context),
    setNumberField: (issueIdOrKey, fieldId, value) => setNumberField(options.context, issueIdOrKey, fieldId, value),
    statusesByIssueId: () => readIssueStatuses(options.context, projectKey),
  };
}
