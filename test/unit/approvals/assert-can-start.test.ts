import { describe, expect, it } from 'vitest';
import { readWebhookSecrets } from '../../../src/config/webhook-secrets.ts';
import { ConfigError, exitCodeFor } from '../../../src/errors.ts';
import { assertCanStart } from '../../../src/server/assert-can-start.ts';

describe('assertCanStart', () => {
  it('refuses to start without a webhook secret, naming JIRA_WEBHOOK_SECRET, exit code 2', () => {
    const secrets = readWebhookSecrets({ JIRA_WEBHOOK_SECRET: ' , ' });
    expect(secrets.jira).toEqual([]);
    let thrown: unknown;
    try {
      assertCanStart({ webhookSecrets: secrets.jira, automationEnabled: false, automationSecret: undefined });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain('JIRA_WEBHOOK_SECRET');
    expect(exitCodeFor(thrown)).toBe(2);
  });

  it('requires LAKEWARDEN_AUTOMATION_SECRET only when automation intake is enabled', () => {
    const secrets = readWebhookSecrets({ JIRA_WEBHOOK_SECRET: 'new, old' });
    expect(secrets).toEqual({ jira: ['new', 'old'], automation: undefined });
    expect(() =>
      assertCanStart({ webhookSecrets: secrets.jira, automationEnabled: false, automationSecret: undefined }),
    ).not.toThrow();
    expect(() =>
      assertCanStart({ webhookSecrets: secrets.jira, automationEnabled: true, automationSecret: undefined }),
    ).toThrow(/LAKEWARDEN_AUTOMATION_SECRET/);
  });

  it('with approvals.intake poll needs no webhook secret, but refuses the Automation route it would not serve', () => {
    expect(() =>
      assertCanStart({ intake: 'poll', webhookSecrets: [], automationEnabled: false, automationSecret: undefined }),
    ).not.toThrow();
    expect(() =>
      assertCanStart({ intake: 'poll', webhookSecrets: [], automationEnabled: true, automationSecret: 'x-secret-1' }),
    ).toThrow(/approvals\.intake is poll/);
    expect(() =>
      assertCanStart({ intake: 'both', webhookSecrets: [], automationEnabled: false, automationSecret: undefined }),
    ).toThrow(/JIRA_WEBHOOK_SECRET/);
  });
});
