import type { JiraClient } from './create-jira-client.ts';
import type { JiraRetryOptions } from './with-jira-retry.ts';

/** What every Jira operation needs: the jira.js client and the retry policy. */
export interface JiraContext {
  client: JiraClient;
  retry: JiraRetryOptions;
}
