import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboxPort } from '../approvals/ports.ts';
import { processAsk } from '../approvals/process-ask.ts';
import { jiraCredentials } from '../config/env.ts';
import { readKillSwitch } from '../config/kill-switch.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { readWebhookSecrets } from '../config/webhook-secrets.ts';
import { createTokenProvider } from '../databricks/auth/create-token-provider.ts';
import { createWorkspaceApi } from '../databricks/rest/write/create-workspace-api.ts';
import { ConfigError } from '../errors.ts';
import { createApprovalJiraPort } from '../jira/approval-jira-port.ts';
import { createJiraClient } from '../jira/create-jira-client.ts';
import { sleepMs } from '../jira/with-jira-retry.ts';
import type { Services } from '../main.ts';
import { assertCanStart } from '../server/assert-can-start.ts';
import { createApp } from '../server/create-app.ts';
import { createMetrics } from '../server/metrics.ts';
import { createApprovalPorts } from '../store/approval-ports/create-approval-ports.ts';
import { readLevels } from '../store/approval-ports/read-levels.ts';
import { type ApprovalRuntime, createApprovalRuntime } from './create-approval-runtime.ts';

/** A running `lakewarden serve`. */
export interface RunningServer {
  url: string;
  runtime: ApprovalRuntime;
  /** Stops accepting requests, drains the loops, resolves when everything stopped. Idempotent. */
  stop(): Promise<void>;
}

/** How often the store's kill-switch setting is re-read, ms. */
const KILL_SWITCH_POLL_MS = 5000;

/**
 * Starts `lakewarden serve` (DESIGN.md loop): checks it may start (fail closed: no JIRA_WEBHOOK_SECRET →
 * ConfigError naming it, exit 2; Jira credentials and Databricks host/credentials required), wires the
 * approvals ports over the store, the Jira approval port, the Databricks WorkspaceApi, the worker, the
 * relay and recovery (run once before listening; at start-up every in-flight action is recovered with one
 * replica on SQLite, only stale ones on Postgres), then listens on PORT.
 *
 * @throws ConfigError (exit 2) for a missing secret or credentials; errors of the Jira identity check.
 */
export async function startServe(
  loaded: LoadedConfig,
  services: Services,
  options: { version: string; port?: number; host?: string },
): Promise<RunningServer> {
  const { config, env } = loaded;
  const secrets = readWebhookSecrets({
    JIRA_WEBHOOK_SECRET: env.JIRA_WEBHOOK_SECRET,
    LAKEWARDEN_AUTOMATION_SECRET: env.LAKEWARDEN_AUTOMATION_SECRET,
  });
  assertCanStart({
    webhookSecrets: secrets.jira,
    automationEnabled: config.server.automation.enabled,
    automationSecret: secrets.automation,
  });
  const credentials = jiraCredentials(env);
  if (credentials === undefined || services.tracker === undefined) {
    throw new ConfigError(
      'lakewarden serve needs Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PROJECT_KEY (or jira.projectKey).',
    );
  }
  if (env.DATABRICKS_HOST === undefined) {
    throw new ConfigError('lakewarden serve needs DATABRICKS_HOST (the workspace URL) to apply and verify changes.');
  }
  const auth = createTokenProvider({
    host: env.DATABRICKS_HOST,
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
  });
  const { logger, scrub, store, tracker } = services;
  const bot = await tracker.whoAmI();
  const context = {
    client: createJiraClient({ ...credentials, onSchemaMismatch: logger }),
    retry: { maxRetries: config.jira.maxRetries, sleep: sleepMs, random: Math.random },
  };
  const ports = createApprovalPorts(store);
  const metrics = createMetrics(() => readLevels(store));
  let storeKillSwitch = await ports.storeKillSwitch();
  const killSwitchTimer = setInterval(() => {
    ports.storeKillSwitch().then(
      (on) => {
        storeKillSwitch = on;
      },
      () => {
        storeKillSwitch = true; // fail closed while the store cannot say
      },
    );
  }, KILL_SWITCH_POLL_MS);
  killSwitchTimer.unref();
  const jiraPort = createApprovalJiraPort(context, tracker);
  const approval = config.remediation.approval;
  const askDeps = {
    ai: services.ai,
    jira: jiraPort,
    tracker,
    getIssueRecord: (issueId: string) => store.getIssueById(issueId),
    botAccountId: bot.accountId,
    viewerGroupIds: [
      ...new Set([
        ...approval.approverGroupIds,
        ...Object.values(approval.approverGroupIdsByStrategy).flat(),
        ...Object.values(approval.approverGroupIdsByRule).flat(),
      ]),
    ],
    nowMs: () => Date.now(),
    logger,
  };
  const runtime = createApprovalRuntime({
    ports,
    jira: jiraPort,
    ...(services.ai === undefined ? {} : { ask: (hint) => processAsk(askDeps, hint) }),
    api: createWorkspaceApi({ host: env.DATABRICKS_HOST, auth, version: options.version }),
    remediation: config.remediation,
    statuses: config.jira.statuses,
    botAccountId: bot.accountId,
    isKillSwitchOn: () => storeKillSwitch || readKillSwitch(config.remediation.killSwitch),
    scrub,
    log: logger,
    ...(store.dialect === 'sqlite' ? { startupRecoveryStaleMs: 0 } : {}),
    onOutcome: (outcome) => metrics.approval(outcome),
  });
  await runtime.start();
  const inbox: InboxPort = {
    async recordDelivery(delivery) {
      const outcome = await ports.inbox.recordDelivery(delivery);
      if (outcome === 'accepted') runtime.wake();
      return outcome;
    },
  };
  const app = createApp({
    inbox,
    webhookSecrets: secrets.jira,
    automationSecret: config.server.automation.enabled ? secrets.automation : undefined,
    bodyLimitBytes: config.server.bodyLimitBytes,
    askCommand: services.ai?.config.askCommand,
    logger,
    now: () => new Date(),
    readiness: { pingStore: () => store.ping(), configLoaded: () => true },
    metrics,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? env.PORT, options.host ?? '0.0.0.0', () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, dryRun: config.remediation.dryRun, dialect: store.dialect }, 'lakewarden serve listening');
  let stopped: Promise<void> | undefined;
  return {
    url,
    runtime,
    stop() {
      stopped ??= (async () => {
        clearInterval(killSwitchTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await runtime.stop();
        await closed;
        logger.info({}, 'lakewarden serve stopped');
      })();
      return stopped;
    },
  };
}
