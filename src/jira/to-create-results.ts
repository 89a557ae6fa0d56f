import { z } from 'zod';
import { AuthenticationError, ExternalServiceError } from '../errors.ts';
import type { CreateResult, IssueDraft } from '../tracker/issue-tracker.ts';
import { detailOf } from './map-jira-error.ts';

/** `POST /rest/api/3/issue/bulk` answer (201 when some succeeded, 400 with the same shape when all failed). */
const BulkCreateAnswer = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string() })).catch([]),
  errors: z
    .array(
      z.object({
        status: z.number().optional(),
        failedElementNumber: z.number().int().nonnegative(),
        elementErrors: z.unknown().optional(),
      }),
    )
    .catch([]),
});

/** Whether a body is a bulk-create answer (has an `errors` array of per-element failures). */
export function isBulkCreateAnswer(body: unknown): boolean {
  const parsed = BulkCreateAnswer.safeParse(body);
  return parsed.success && parsed.data.errors.length > 0;
}

/**
 * Pairs one bulk-create answer with the drafts of its request. Jira lists created issues in request order,
 * skipping failed elements; `failedElementNumber` is the 0-based index of a failed element.
 * A draft with neither a created issue nor an error is reported as failed (never assumed created).
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post
 */
export function toCreateResults(drafts: readonly IssueDraft[], body: unknown): CreateResult[] {
  const answer = BulkCreateAnswer.parse(body ?? {});
  const failures = new Map(answer.errors.map((e) => [e.failedElementNumber, e] as const));
  const created = [...answer.issues];
  return drafts.map((draft, index): CreateResult => {
    const failure = failures.get(index);
    if (failure !== undefined) {
      const detail = detailOf(failure.elementErrors).replace(/^: /, '');
      return {
        fingerprint: draft.fingerprint,
        ok: false,
        status: failure.status,
        error: `Jira refused to create the issue (${failure.status ?? 'unknown status'})${detail === '' ? '' : `: ${detail}`}`,
      };
    }
    const issue = created.shift();
    if (issue === undefined) {
      return { fingerprint: draft.fingerprint, ok: false, error: 'Jira returned no issue for this element' };
    }
    return { fingerprint: draft.fingerprint, ok: true, id: issue.id, key: issue.key };
  });
}

/**
 * The results of a bulk create that threw: a 400 carrying a bulk-create answer is read per element; any other
 * failure leaves the chunk's outcome unknown (e.g. 503 or a lost response), so every draft is reported failed and
 * never re-sent — the next sync finds an issue that was created by its fingerprint label.
 * @throws the error itself when it is an AuthenticationError (the scan must stop)
 */
export function toFailedCreateResults(drafts: readonly IssueDraft[], error: unknown): CreateResult[] {
  if (error instanceof AuthenticationError) throw error;
  const cause = (error instanceof ExternalServiceError ? error.cause : undefined) as
    | { status?: unknown; body?: unknown }
    | undefined;
  if (cause?.status === 400 && isBulkCreateAnswer(cause.body)) return toCreateResults(drafts, cause.body);
  const message = error instanceof Error ? error.message : String(error);
  return drafts.map((draft) => ({ fingerprint: draft.fingerprint, ok: false, error: message }));
}
