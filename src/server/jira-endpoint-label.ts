/**
 * A bounded metric label from a Jira operation name (with-jira-retry's `operation`, e.g. "read issue FIN-12"):
 * issue keys and numbers become `:id`, and the label is cut at 60 characters.
 */
export function jiraEndpointLabel(operation: string): string {
  return operation
    .replace(/\b[A-Z][A-Z0-9_]+-\d+\b/g, ':id')
    .replace(/\b\d+\b/g, ':id')
    .slice(0, 60);
}
