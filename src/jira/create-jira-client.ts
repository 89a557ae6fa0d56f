import { createCloudClient } from 'jira.js';
import type { SchemaMismatchBehavior, SchemaMismatchReport } from 'jira.js/core';
import { ConfigError } from '../errors.ts';

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
 * @throws ConfigError when jira.js rejects the settings (JIRA_BASE_URL not a URL, JIRA_EMAIL not an email address).
 * @see https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
 */
export function createJiraClient(options: CreateJiraClientOptions): JiraClient {
  const { onSchemaMismatch } = options;
  const behavior: SchemaMismatchBehavior =
    onSchemaMismatch === 'throw'
      ? 'throw'
      : (report) => onSchemaMismatch.warn({ jiraSchemaMismatch: report }, 'Jira response did not match its schema');
  try {
    return createCloudClient({
      host: options.baseUrl,
      auth: { type: 'basic', email: options.email, apiToken: options.apiToken },
      onSchemaMismatch: behavior,
    });
  } catch (error) {
    throw new ConfigError(
      'Invalid Jira settings: JIRA_BASE_URL must be the site URL (https://<site>.atlassian.net) and JIRA_EMAIL an email address',
      { cause: error },
    );
  }
}
