import { isApiError } from 'jira.js/core';
import type { JiraSection } from '../config/jira-section.ts';
import { AuthenticationError, ExternalServiceError } from '../errors.ts';
import type { AdfDoc } from '../tickets/adf.ts';
import type { CreateResult, IssueDraft, IssueTracker, TrackedIssue } from '../tickets/issue-tracker.ts';
import { buildFingerprintJql } from './build-fingerprint-jql.ts';
import { buildCreateProperties, buildIssueFields, buildPropertyValue, type IssueTarget } from './build-issue-fields.ts';
import { chunk } from './chunk.ts';
import { findAccountIdByEmail } from './find-account-id-by-email.ts';
import type { JiraContext } from './jira-context.ts';
import { isBulkCreateAnswer, toCreateResults } from './to-create-results.ts';
import { PROPERTY_KEY, toTrackedIssue } from './to-tracked-issue.ts';
import { withJiraRetry } from './with-jira-retry.ts';

/** Jira limits (jira.md §2.2): labels per fingerprint query (ours), bulk create, bulk fetch, reconcileIssues. */
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
 * The IssueTracker port over jira.js v6 (Jira Cloud REST v3). Reads and PUT edits retry 429/503; creates,
 * comments and transitions retry only 429 (see `withJiraRetry`). All ids are issue ids, never keys.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 */
/**
 * The resolution to send on a transition: the configured one for the target status, else — when the
 * transition screen requires a resolution — "Done" if allowed, else the first allowed value.
 */
function chooseResolution(statusName: string, fields: unknown, configured: Record<string, string>): string | undefined {
  const explicit = Object.entries(configured).find(
    ([status]) => status.toLowerCase() === statusName.toLowerCase(),
  )?.[1];
  if (explicit !== undefined) return explicit;
  const field = (fields as Record<string, { required?: boolean; allowedValues?: Array<{ name?: string }> }> | undefined)
    ?.resolution;
  if (field?.required !== true) return undefined;
  const allowed = (field.allowedValues ?? []).flatMap((v) => (v.name === undefined ? [] : [v.name]));
  return allowed.find((n) => n.toLowerCase() === 'done') ?? allowed[0];
}

function mentionsResolution(error: unknown): boolean {
  return /resolution/i.test(error instanceof Error ? error.message : String(error));
}

export function createJiraIssueTracker(options: JiraIssueTrackerOptions): IssueTracker {
  const { client, retry } = options.context;
  const { projectKey, jira } = options;
  const target: IssueTarget = {
    projectKey,
    issueType: jira.issueType,
    savingsFieldId: jira.fields.estimatedSavings,
    excessFieldId: jira.fields.excessCost,
  };
  const readFields = [
    'summary',
    'status',
    'labels',
    'updated',
    ...(target.savingsFieldId ? [target.savingsFieldId] : []),
  ];

  /** GET /rest/api/3/myself — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/ */
  async function whoAmI(): Promise<{ accountId: string; displayName: string }> {
    const me = await withJiraRetry(() => client.myself.getCurrentUser(), 'read the current user', retry);
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
  ): Promise<TrackedIssue[]> {
    const unique = [...new Set(fingerprints)];
    if (unique.length === 0) return [];
    // reconcileIssues takes numeric issue ids (≤ 50 per request); anything else (e.g. a key) cannot be reconciled.
    const numericIds = [...new Set(reconcileIds)].filter((id) => /^\d+$/.test(id)).map(Number);
    const reconcileChunks = numericIds.length === 0 ? [[]] : chunk(numericIds, RECONCILE_MAX);
    const found = new Map<string, TrackedIssue>();
    for (const labels of chunk(unique, LABELS_PER_QUERY)) {
      const jql = buildFingerprintJql(projectKey, labels);
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
        if (error instanceof AuthenticationError) throw error;
        const cause = error instanceof ExternalServiceError ? error.cause : undefined;
        if (isApiError(cause) && cause.status === 400 && isBulkCreateAnswer(cause.body)) {
          results.push(...toCreateResults(draftChunk, cause.body));
          continue;
        }
        // The outcome of this chunk is unknown (e.g. 503 or a lost response): report failure, never re-send;
        // the next sync finds any issue that was created by its fingerprint label.
        const message = error instanceof Error ? error.message : String(error);
        for (const draft of draftChunk) results.push({ fingerprint: draft.fingerprint, ok: false, error: message });
      }
    }
    return results;
  }

  /**
   * PUT /rest/api/3/issue/{id} then PUT /rest/api/3/issue/{id}/properties/lakewarden —
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
   */
  async function updateIssue(id: string, draft: IssueDraft): Promise<void> {
    await withJiraRetry(
      () => client.issues.editIssue({ issueIdOrKey: id, fields: buildIssueFields(draft, target, 'edit') }),
      `edit issue ${id}`,
      retry,
    );
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

  /** GET + POST /rest/api/3/issue/{id}/transitions — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get */
  async function transitionTo(id: string, statusName: string): Promise<boolean> {
    const answer = await withJiraRetry(
      () => client.issues.getTransitions({ issueIdOrKey: id, expand: 'transitions.fields' }),
      `list the transitions of issue ${id}`,
      retry,
    );
    const wanted = statusName.toLowerCase();
    // First match in Jira's order; transitions without `to` (seen on team-managed projects) are skipped.
    const transition = (answer.transitions ?? []).find(
      (t) => t.id !== undefined && t.isAvailable !== false && t.to?.name?.toLowerCase() === wanted,
    );
    if (transition?.id === undefined) return false;
    const transitionId = transition.id;
    const resolution = chooseResolution(statusName, transition.fields, jira.resolutions);
    const move = (withResolution: boolean) =>
      withJiraRetry(
        () =>
          client.issues.doTransition({
            issueIdOrKey: id,
            transition: { id: transitionId },
            ...(withResolution && resolution !== undefined ? { fields: { resolution: { name: resolution } } } : {}),
          }),
        `move issue ${id} to "${statusName}"`,
        retry,
        'non-idempotent',
      );
    try {
      await move(true);
    } catch (error) {
      // `expand=transitions.fields` can under- or over-report the resolution (jira.md §4.3): when Jira says
      // the field cannot be set, try once without it.
      if (resolution === undefined || !mentionsResolution(error)) throw error;
      await move(false);
    }
    return true;
  }

  async function findAccountId(email: string): Promise<string | undefined> {
    return findAccountIdByEmail(options.context, email);
  }

  return { whoAmI, findByFingerprints, getIssues, createIssues, updateIssue, addComment, transitionTo, findAccountId };
}
