import { ExternalServiceError } from '../errors.ts';

/**
 * Moves an issue to `statusName` through the adapter's `transitionTo`, accepting an issue that is there already
 * (read with `currentStatus`, case-insensitive).
 * @throws ExternalServiceError naming the current and wanted status when the workflow has no path
 */
export async function ensureStatusThrough(
  issueId: string,
  statusName: string,
  tracker: { transitionTo(id: string, status: string): Promise<boolean>; currentStatus(id: string): Promise<string> },
): Promise<void> {
  if (await tracker.transitionTo(issueId, statusName)) return;
  const current = await tracker.currentStatus(issueId);
  if (current.toLowerCase() === statusName.toLowerCase()) return;
  throw new ExternalServiceError(
    'jira',
    `issue ${issueId} has no transition from "${current}" to "${statusName}" (check the workflow)`,
  );
}
