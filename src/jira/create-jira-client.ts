import { createCloudClient } from 'jira.js';
import type { SchemaMismatchBehavior, SchemaMismatchReport } from 'jira.js/core';

/** The jira.js v6 Cloud client (`jira.<group>.<method>`). */
export type JiraClient = ReturnType<typeof createCloudClient>;

/** The one logger method the client needs; a pino logger satisfies it. */
export interface SchemaMismatchLogger {
  warn(metadata: { jiraSchemaMismatch: SchemaMismatchReport }, message: string): void;
}

export interface CreateJiraClientOptions {
  /** Site URL, e.g. `https://example.atlassian.net` (JIRA_BASE_URL). */
  baseUrl: string;
  /** Account email (JIRA_EMAIL). */
  email: string;
  /** API token of that account (JIRA_API_TOKEN, secret). */
  apiToken: string;
  /**
   * Where schema mismatches go. A logger (production) gets one structured WARN per mismatch report and
   * the response is used unvalidated; `'throw'` (tests) raises jira.js `SchemaMismatchError`.
   */
  onSchemaMismatch: SchemaMismatchLogger | 'throw';
}

/**
 * Builds the jira.js v6 Cloud client with basic auth (email + API token). jira.js retries are left off:
 * rate limits and 503s are handled by `withJiraRetry` so that non-idempotent writes are never retried blindly.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
 */
export function createJiraClient(options: CreateJiraClientOptions): JiraClient {
  const { onSchemaMismatch } = options;
  const behavior: SchemaMismatchBehavior =
    onSchemaMismatch === 'throw'
      ? 'throw'
      : (report) => onSchemaMismatch.warn({ jiraSchemaMismatch: report }, 'Jira response did not match its schema');
  return createCloudClient({
    host: options.baseUrl,
    auth: { type: 'basic', email: options.email, apiToken: options.apiToken },
    onSchemaMismatch: behavior,
  });
}
