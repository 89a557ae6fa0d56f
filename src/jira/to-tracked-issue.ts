import { z } from 'zod';
import { PROPERTY_KEY, PropertyBookkeeping } from '../findings/issue-property.ts';
import type { TrackedIssue } from '../tracker/issue-tracker.ts';

/** The entity property key holding the machine-readable finding. */

const LABEL_PREFIX = 'lw-fp-';

/** The parts of a Jira issue (search, bulk fetch or GET) lakewarden reads; everything else is ignored. */
const JiraIssueView = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      status: z
        .object({
          name: z.string().catch(''),
          statusCategory: z.object({ key: z.string().catch('') }).optional(),
        })
        .optional()
        .catch(undefined),
      labels: z.array(z.string()).catch([]),
      updated: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  properties: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/**
 * Maps a Jira issue to a TrackedIssue: status from `fields.status.name`, statusCategory from
 * `fields.status.statusCategory.key`, fingerprint from the `lw-fp-` label, contentHash and estimatedSavingsUsd
 * from the `lakewarden` property (absent when the issue has none).
 *
 * @throws ZodError when the issue lacks `id` or `key` (never the case for a real Jira issue).
 */
export function toTrackedIssue(issue: unknown): TrackedIssue {
  const view = JiraIssueView.parse(issue);
  const labels = view.fields?.labels ?? [];
  const fpLabel = labels.find((label) => label.startsWith(LABEL_PREFIX));
  const property = PropertyBookkeeping.safeParse(view.properties?.[PROPERTY_KEY]);
  const stored = property.success ? property.data : {};
  return {
    id: view.id,
    key: view.key,
    status: view.fields?.status?.name ?? '',
    statusCategory: view.fields?.status?.statusCategory?.key ?? '',
    labels,
    fingerprint: fpLabel === undefined ? undefined : fpLabel.slice(LABEL_PREFIX.length),
    contentHash: stored.contentHash,
    estimatedSavingsUsd: stored.estimatedSavingsUsd ?? stored.estimatedMonthlySavingsUsd,
    updated: view.fields?.updated,
  };
}
