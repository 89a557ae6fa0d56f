import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createAskAnswerer } from '../ai/handle-ask-comment.ts';
import { processAsk } from '../approvals/process-ask.ts';
import { databricksConfigured } from '../config/databricks-auth.ts';
import { jiraCredentials, jiraDataCenterCredentials } from '../config/env.ts';
import { readKillSwitch } from '../config/kill-switch.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { readWebhookSecrets } from '../config/webhook-secrets.ts';
import { ConfigError } from '../errors.ts';
import type { Services } from '../main.ts';
import { loadRules } from '../rules/load-rules.ts';
import type { Scheduler } from '../scheduler/create-scheduler.ts';
import { assertCanStart } from '../server/assert-can-start.ts';
import type { Metrics } from '../server/metrics.ts';
import type { ApprovalPorts } from '../store/approval-ports/create-approval-ports.ts';
import { readLevels } from '../store/approval-ports/read-levels.ts';
import { checkDatabricks } from './check-databricks.ts';
import { type ApprovalRuntime, createApprovalRuntime } from './create-approval-runtime.ts';
import { createPollIntake } from './create-poll-intake.ts';
import { createScheduledJobs } from './create-scheduled-jobs.ts';
import { readServiceLevels } from './read-service-levels.ts';

/** How often the store's kill-switch setting is re-read, ms. */
const KILL_SWITCH_POLL_MS = 5000;

/** Everything `serve` and `serve --once` share, wired and checked. */
export interface PreparedService {
  runtime: ApprovalRuntime;
  scheduler: Scheduler;
  metrics: Metrics;
  ports: ApprovalPorts;
  webhookSecrets: readonly string[];
  automationSecret: string | undefined;
  /** False with `approvals.intake: poll`: no webhook route is served. */
  serveWebhooks: boolean;
  /** This process's id in leases and logs. */
  holder: string;
  /** Stops the kill-switch poll. */
  dispose(): void;
}

/**
 * The start-up sequence shared by `serve` and `serve --once` (docs/operations.md "Start-up"):
 * 1. configuration: webhook secret (fail closed; not needed with `approvals.intake: poll`), Jira credentials, DATABRICKS_HOST — ConfigError (exit 2);
 * 2. the store is opened and migrated (createServeServices did already); SQLite → a warning that only one replica may run;
 * 3. Jira `/myself` with the bot's credentials — fatal when rejected (AuthenticationError, exit 1);
 * 4. Databricks reachability (`checkDatabricks`) — a warning only;
 * 5. the approval runtime (not started), the metrics (one registry) and the scheduler with its jobs; on Postgres
 *    the jobs are coordinated by leases so exactly one replica runs each.
 * @throws ConfigError, AuthenticationError / ExternalServiceError from the Jira check.
 */
export async function prepareService(
  loaded: LoadedConfig,
  services: Services,
  options: { version: string; metrics?: Metrics },
): Promise<PreparedService> {
  const { config, env } = loaded;
  const secrets = readWebhookSecrets({
    JIRA_WEBHOOK_SECRET: env.JIRA_WEBHOOK_SECRET,
    LAKEWARDEN_AUTOMATION_SECRET: env.LAKEWARDEN_AUTOMATION_SECRET,
  });
  const intake = config.approvals.intake;
  assertCanStart({
    intake,
    webhookSecrets: secrets.jira,
    automationEnabled: config.server.automation.enabled,
    automationSecret: secrets.automation,
  });
  const credentials = config.jira.deployment === 'datacenter' ? jiraDataCenterCredentials(env) : jiraCredentials(env);
  if (credentials === undefined || services.tracker === undefined) {
    throw new ConfigError(
      'lakewarden serve needs Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT) and JIRA_PROJECT_KEY (or jira.projectKey).',
    );
  }
  if (!databricksConfigured(loaded)) {
    throw new ConfigError(
      'lakewarden serve needs a Databricks workspace to apply and verify changes: set DATABRICKS_HOST or use a profile (--profile, DATABRICKS_CONFIG_PROFILE, databricks.profile).',
    );
  }
  const { scrub, tracker } = services;
  const store = await services.store.open();
  const holder = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = services.logger.child({ replica: holder });
  if (store.dialect === 'sqlite') {
    logger.warn(
      { dialect: 'sqlite' },
      'SQLite store: run exactly one replica of lakewarden serve (set DATABASE_URL to a postgres:// URL for several)',
    );
  }
  const metrics = options.metrics ?? (await services.metrics());
  const databricks = await services.databricksWorkspace({ version: options.version, callMetrics: metrics });
  metrics.readStoreLevels(() => readLevels(store));
  metrics.readServiceLevels(() => readServiceLevels(store));
  const bot = await tracker.whoAmI(); // fatal when Jira rejects the credentials
  logger.info({ check: 'jira', ok: true, accountId: bot.accountId }, 'Jira credentials accepted');
  const reachable = await checkDatabricks({
    host: databricks.host,
    auth: databricks.auth,
    fetch: databricks.fetch,
    timeoutMs: config.service.databricksCheckTimeoutSeconds * 1000,
    scrub,
  });
  if (reachable.ok) logger.info({ check: 'databricks', ok: true }, 'Databricks workspace reachable');
  else {
    logger.warn(
      { check: 'databricks', ok: false, reason: reachable.reason },
      'Databricks workspace not reachable at start-up: approvals will fail until it is',
    );
  }
  const ports = await services.approvalPorts();
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
  const approval = config.remediation.approval;
  const askDeps = {
    answer: createAskAnswerer(services.ai),
    askCommand: config.ai.askCommand,
    jira: tracker,
    tracker,
    getIssueRecord: (issueId: string) => store.getIssueById(issueId),
    botAccountId: bot.accountId,
    // Who may ask besides the assignee and reporter (approvals/process-ask.ts mayViewIssue): every approver group.
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
    jira: tracker,
    ask: (hint) => processAsk(askDeps, hint),
    api: databricks.api,
    plans: store,
    rules: () => loadRules(resolve(loaded.baseDir, config.rules.directory), config.rules, config.remediation.autonomy),
    remediation: config.remediation,
    statuses: config.jira.statuses,
    botAccountId: bot.accountId,
    approverIdentity: { users: tracker, routingUsers: config.routing.users },
    isKillSwitchOn: () => storeKillSwitch || readKillSwitch(config.remediation.killSwitch),
    scrub,
    log: logger,
    workerId: holder,
    ...(store.dialect === 'sqlite' ? { startupRecoveryStaleMs: 0 } : {}),
    onOutcome: (outcome) => metrics.approval(outcome),
    snooze: { section: config.approvals.snooze, recordSnooze: (record) => store.upsertSnooze(record) },
  });
  const poll = createPollIntake({
    config,
    tracker,
    jira: tracker,
    inbox: ports.inbox,
    store,
    botAccountId: bot.accountId,
    askCommand: services.ai?.config.askCommand,
  });
  const scheduled = createScheduledJobs({
    loaded,
    services: { ...services, logger },
    runtime,
    metrics,
    ...(intake === 'webhook' ? {} : { poll }),
  });
  for (const [job, reason] of Object.entries(scheduled.disabled)) {
    logger.info({ job, reason }, 'scheduled job not scheduled');
  }
  const scheduler = await services.createScheduler({
    // The polling intake is how approvals arrive: it runs even when the other scheduled jobs are off.
    jobs: config.scheduler.enabled ? scheduled.jobs : scheduled.jobs.filter((j) => j.name === 'approval-poll'),
    timezone: config.scheduler.timezone,
    coordination:
      store.dialect === 'postgres'
        ? { handle: store, holder, leaseTtlMs: config.scheduler.leaseTtlSeconds * 1000 }
        : undefined,
    logger,
    scrub,
    onResult: (result) => metrics.job(result.job, result.outcome, result.durationMs / 1000),
  });
  return {
    runtime,
    scheduler,
    metrics,
    ports,
    webhookSecrets: secrets.jira,
    automationSecret: config.server.automation.enabled ? secrets.automation : undefined,
    serveWebhooks: intake !== 'poll',
    holder,
    dispose: () => clearInterval(killSwitchTimer),
  };
}
