import { z } from 'zod';
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
