import { ConfigError } from '../errors.ts';

/**
 * Fail closed (docs/security.md "Where secrets live"): the server never runs without a webhook secret — there is no
 * "insecure" mode. Automation intake, when enabled, needs its own secret too. With `approvals.intake: poll` no
 * webhook route exists (approvals arrive by polling Jira), so no secret is required.
 * @throws ConfigError naming the environment variable to set (CLI exit code 2).
 */
export function assertCanStart(options: {
  /** `approvals.intake`: with `poll` no webhook route is served, so no webhook secret is needed. */
  intake?: 'webhook' | 'poll' | 'both';
  webhookSecrets: readonly string[];
  automationEnabled: boolean;
  automationSecret: string | undefined;
}): void {
  if (options.intake === 'poll') {
    if (options.automationEnabled) {
      throw new ConfigError(
        'server.automation.enabled is true but approvals.intake is poll, which serves no inbound route: set approvals.intake to both, or disable server.automation.',
      );
    }
    return;
  }
  if (options.webhookSecrets.length === 0) {
    throw new ConfigError(
      'JIRA_WEBHOOK_SECRET is not set: lakewarden serve refuses to start without a webhook secret. Set it to the secret of the Jira admin webhook (comma-separated for rotation).',
    );
  }
  if (options.automationEnabled && options.automationSecret === undefined) {
    throw new ConfigError(
      'server.automation.enabled is true but LAKEWARDEN_AUTOMATION_SECRET is not set: set it to the value the Automation rule sends in X-Lakewarden-Secret, or disable server.automation.',
    );
  }
}
