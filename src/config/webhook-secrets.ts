/** The secrets of the webhook endpoints, read from the environment only. */
export interface WebhookSecrets {
  /** JIRA_WEBHOOK_SECRET split on commas (rotation: any may match); empty when unset. */
  jira: string[];
  /** LAKEWARDEN_AUTOMATION_SECRET for POST /webhooks/jira/automation; undefined when unset. */
  automation: string | undefined;
}

/**
 * Reads the webhook secrets from `source` (process.env by default). Blank entries are dropped, so
 * `JIRA_WEBHOOK_SECRET=" , "` counts as no secret and the server refuses to start.
 */
export function readWebhookSecrets(source: NodeJS.ProcessEnv = process.env): WebhookSecrets {
  const jira = (source.JIRA_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const automation = source.LAKEWARDEN_AUTOMATION_SECRET?.trim();
  return { jira, automation: automation === undefined || automation === '' ? undefined : automation };
}
