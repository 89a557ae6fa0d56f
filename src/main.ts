import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { AiTables } from './ai/ai-tables.ts';
import type { AiServices } from './ai/create-ai-services.ts';
import { databricksConfigured, profileSecretValues } from './config/databricks-auth.ts';
import { jiraCredentials, jiraDataCenterCredentials, secretValues } from './config/env.ts';
import { readKillSwitch } from './config/kill-switch.ts';
import type { LoadedConfig } from './config/load-config.ts';
import {
  createDatabricksAccess,
  createDatabricksWorkspace,
  type DatabricksAccess,
  type DatabricksWorkspace,
} from './databricks/databricks-access.ts';
import { ConfigError } from './errors.ts';
import { createLogger, type Logger } from './logging/create-logger.ts';
import { createHumanLogStream } from './logging/human-log-stream.ts';
import { createScrubber } from './logging/scrub-secrets.ts';
import type { SavingsLedger } from './records/savings-ledger.ts';
import type { AutoRemediationPorts } from './scan/apply-auto.ts';
import type { createScheduler, Scheduler } from './scheduler/create-scheduler.ts';
import type { createApp } from './server/create-app.ts';
import { jiraEndpointLabel } from './server/jira-endpoint-label.ts';
import type { CallMetricsPort, Metrics } from './server/metrics.ts';
import type { ApprovalPorts } from './store/approval-ports/create-approval-ports.ts';
import { createDeferredStore, type DeferredStore } from './store/deferred-store.ts';
import type { IssueTracker } from './tracker/issue-tracker.ts';
import { VERSION } from './version.ts';

/** The adapters one command needs, wired once (the composition root). */
export interface Services {
  /**
   * The store, opened on first need (store/deferred-store.ts): a dry run over a SQLite file that does not exist
   * yet reads it as empty and leaves it uncreated; the first write creates and migrates it. `await store.open()`
   * gives the kysely handle (the approval ports, the savings ledger, AI, housekeeping, `serve`).
   */
  store: DeferredStore;
  /** Verified savings' ledger, verified actions and history over `store` (opened then), built on first call. */
  savingsLedger(): Promise<SavingsLedger>;
  /** The issue tracker (Jira Cloud over jira.js, observed by `callMetrics`) when Jira credentials are set. */
  tracker: IssueTracker | undefined;
  /** The tracker's default project (JIRA_PROJECT_KEY or jira.projectKey); set whenever `tracker` is. */
  projectKey: string | undefined;
  /** AI services when `ai.enabled` (Vertex AI, Databricks Model Serving or an OpenAI-compatible endpoint); undefined otherwise. */
  ai: AiServices | undefined;
  logger: Logger;
  scrub: (text: string) => string;
  /**
   * The Databricks workspace adapters `serve` applies and verifies changes with, built per call (their modules
   * imported then) from the resolved credentials (environment, profile or lakewarden.yaml); every HTTP attempt is
   * reported to `callMetrics`.
   * @throws ConfigError when no workspace is configured or its credentials are incomplete
   */
  databricksWorkspace(options: { version: string; callMetrics: CallMetricsPort }): Promise<DatabricksWorkspace>;
  /** The Databricks readers (collection, doctor, billing over SQL), each loaded and built on first call. */
  databricks: DatabricksAccess;
  /** The store-backed approval ports (inbox, actions, plans, kill switch), built on first call. */
  approvalPorts(): Promise<ApprovalPorts>;
  /**
   * The ports a (non-dry-run) scan applies `auto` findings with (scan/apply-auto.ts): the configured workspace's
   * WorkspaceApi, the store's action, history and outbox ports (as approvals use them), the plan re-check and
   * the outbox relay to Jira. The store kill switch is read once here; the config flag and
   * LAKEWARDEN_KILL_SWITCH before every write. Undefined without Jira or a configured Databricks workspace.
   */
  autoRemediation?(): Promise<AutoRemediationPorts | undefined>;
  /** A cron scheduler (node-cron) over the given jobs; Postgres leases when `coordination` is given. */
  createScheduler(options: Parameters<typeof createScheduler>[0]): Promise<Scheduler>;
  /** `serve`'s HTTP app (express): webhooks, health, readiness and /metrics routes over the given ports. */
  createHttpApp(deps: Parameters<typeof createApp>[0]): Promise<ReturnType<typeof createApp>>;
  /** `serve`'s Prometheus metrics: the `callMetrics` given to `createServices` when they are, else new ones. */
  metrics(): Promise<Metrics>;
  /** Closes the store when it was opened. */
  close(): Promise<void>;
}

/** The secret scrubber for the current environment and Databricks profiles file (log lines and Jira text). */
export function scrubberFor(loaded: LoadedConfig): (text: string) => string {
  return createScrubber([...secretValues(loaded.env), ...profileSecretValues(loaded.databricksConfigFile)]);
}

/** Reports Jira call attempts to the metrics port with a bounded endpoint label. */
export function jiraObserver(
  port: CallMetricsPort,
): (call: { endpoint: string; status: number; seconds: number; retry: boolean }) => void {
  return (call) => port.call({ service: 'jira', ...call, endpoint: jiraEndpointLabel(call.endpoint) });
}

/** What {@link createServices} takes besides the loaded configuration. */
export interface ServiceOptions {
  /** Where JSON logs go (default stderr). */
  logDestination?: NodeJS.WritableStream;
  /** Waits between retries (tests inject a recorder so nothing really waits). */
  sleep?: (ms: number) => Promise<void>;
  /** Told every Jira call attempt (`lakewarden serve`'s /metrics). */
  callMetrics?: CallMetricsPort;
}

/**
 * Wires the store (SQLite by default, Postgres when DATABASE_URL is postgres://; opened and migrated on first
 * need, see {@link Services.store}), the Jira tracker when credentials are set, AI when `ai.enabled` (opens the
 * store) and the logger.
 * @throws ConfigError when JIRA_PROJECT_KEY / jira.projectKey is missing while Jira credentials are set.
 */
export async function createServices(loaded: LoadedConfig, options: ServiceOptions = {}): Promise<Services> {
  const scrub = scrubberFor(loaded);
  const logger = loggerFor(loaded, options.logDestination);
  const dataCenter = loaded.config.jira.deployment === 'datacenter';
  const credentials = dataCenter ? undefined : jiraCredentials(loaded.env);
  const dataCenterCredentials = dataCenter ? jiraDataCenterCredentials(loaded.env) : undefined;
  const projectKey = loaded.env.JIRA_PROJECT_KEY ?? loaded.config.jira.projectKey;
  if ((credentials ?? dataCenterCredentials) !== undefined && projectKey === undefined) {
    throw new ConfigError(
      'JIRA_PROJECT_KEY is not set (or jira.projectKey in lakewarden.yaml): lakewarden needs the project to file issues in',
    );
  }
  const store = createDeferredStore(
    {
      ...(loaded.env.DATABASE_URL === undefined ? {} : { databaseUrl: loaded.env.DATABASE_URL }),
      sqlitePath: loaded.config.store.sqlitePath,
    },
    async (location) => (await import('./store/create-store.ts')).createStore(location),
  );
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retry = {
    maxRetries: loaded.config.jira.maxRetries,
    sleep,
    random: Math.random,
    ...(options.callMetrics === undefined ? {} : { observe: jiraObserver(options.callMetrics) }),
  };
  const approvalPorts = once(async () =>
    (await import('./store/approval-ports/create-approval-ports.ts')).createApprovalPorts(await store.open()),
  );
  const callMetrics: CallMetricsPort = options.callMetrics ?? { call: () => undefined };
  let tracker: IssueTracker | undefined;
  let ai: AiServices | undefined;
  try {
    // Optional back-ends load only when configured: jira.js with Jira credentials, the model SDKs with ai.enabled.
    if (credentials !== undefined && projectKey !== undefined) {
      const [{ createJiraClient }, { createJiraIssueTracker }] = await Promise.all([
        import('./jira/create-jira-client.ts'),
        import('./jira/jira-issue-tracker.ts'),
      ]);
      const client = createJiraClient({ ...credentials, onSchemaMismatch: logger });
      tracker = createJiraIssueTracker({ projectKey, context: { client, retry }, jira: loaded.config.jira });
    } else if (dataCenterCredentials !== undefined && projectKey !== undefined) {
      const [{ createDataCenterHttp }, { createDataCenterIssueTracker }] = await Promise.all([
        import('./jira-datacenter/datacenter-http.ts'),
        import('./jira-datacenter/datacenter-issue-tracker.ts'),
      ]);
      const http = createDataCenterHttp({ ...dataCenterCredentials, retry });
      tracker = createDataCenterIssueTracker({ http, projectKey, jira: loaded.config.jira });
    }
    if (loaded.config.ai.enabled) ai = await createAi(loaded, store, sleep);
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    savingsLedger: once(async () =>
      (await import('./store/savings-ledger.ts')).createSavingsLedger(await store.open()),
    ),
    tracker,
    projectKey: tracker === undefined ? undefined : projectKey,
    ai,
    logger,
    scrub,
    databricksWorkspace: (workspace) => createDatabricksWorkspace(loaded, workspace),
    databricks: createDatabricksAccess(loaded, logger),
    approvalPorts,
    autoRemediation: async () => {
      if (tracker === undefined || !databricksConfigured(loaded)) return undefined;
      return createAutoRemediation(loaded, {
        ports: await approvalPorts(),
        tracker,
        logger,
        scrub,
        sleep,
        callMetrics,
      });
    },
    createHttpApp: async (deps) => (await import('./server/create-app.ts')).createApp(deps),
    createScheduler: async (scheduler) => (await import('./scheduler/create-scheduler.ts')).createScheduler(scheduler),
    metrics: once(async () =>
      isMetrics(options.callMetrics) ? options.callMetrics : (await import('./server/metrics.ts')).createMetrics(),
    ),
    close: () => store.close(),
  };
}

/**
 * `serve`'s services: its Prometheus metrics (prom-client) are created first, so every Jira call is observed;
 * the store is opened (and migrated) at once, so an unreachable database fails the start.
 * @throws what createStore throws (the driver's or a migration error)
 */
export async function createServeServices(loaded: LoadedConfig): Promise<Services> {
  const { createMetrics } = await import('./server/metrics.ts');
  const services = await createServices(loaded, { callMetrics: createMetrics() });
  await services.store.open();
  return services;
}

/**
 * The command's logger at LOG_LEVEL, secrets scrubbed: plain words on stderr in human mode (the CLI default),
 * JSON lines otherwise (to `destination`, default stderr).
 */
export function loggerFor(loaded: LoadedConfig, destination?: NodeJS.WritableStream): Logger {
  const to = destination ?? (loaded.logFormat === 'human' ? createHumanLogStream(process.stderr) : undefined);
  return createLogger({
    level: loaded.env.LOG_LEVEL,
    scrub: scrubberFor(loaded),
    ...(to === undefined ? {} : { destination: to }),
  });
}

/** Runs `make` on the first call and returns its promise to every call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

function isMetrics(port: CallMetricsPort | undefined): port is Metrics {
  return port !== undefined && 'registry' in port;
}

/** {@link Services.autoRemediation}: the executor deps, plan re-check and relay of the configured workspace. */
async function createAutoRemediation(
  loaded: LoadedConfig,
  deps: {
    ports: ApprovalPorts;
    tracker: IssueTracker;
    logger: Logger;
    scrub: (text: string) => string;
    sleep: (ms: number) => Promise<void>;
    callMetrics: CallMetricsPort;
  },
): Promise<AutoRemediationPorts> {
  const [
    { createPlanRevalidator },
    { relayOutboxOnce },
    { loadRules },
    { createExecuteDeps },
    { createResourceRefresher },
  ] = await Promise.all([
    import('./approvals/revalidate-plan.ts'),
    import('./approvals/outbox-relay.ts'),
    import('./rules/load-rules.ts'),
    import('./remediation/create-execute-deps.ts'),
    import('./databricks/collect/refresh-resource.ts'),
  ]);
  const { config } = loaded;
  const { api } = await createDatabricksWorkspace(loaded, { version: VERSION, callMetrics: deps.callMetrics });
  const storeKillSwitch = await deps.ports.storeKillSwitch();
  const now = () => new Date();
  const execute = createExecuteDeps({
    api,
    ports: deps.ports,
    remediation: config.remediation,
    statuses: config.jira.statuses,
    isKillSwitchOn: () => storeKillSwitch || readKillSwitch(config.remediation.killSwitch),
    scrub: deps.scrub,
    now,
    sleep: deps.sleep,
    random: Math.random,
  });
  return {
    execute,
    revalidate: createPlanRevalidator({
      refresh: createResourceRefresher(api),
      rules: () =>
        loadRules(resolve(loaded.baseDir, config.rules.directory), config.rules, config.remediation.autonomy),
    }),
    newId: randomUUID,
    relay: () =>
      relayOutboxOnce({
        queue: deps.ports.outbox,
        jira: deps.tracker,
        scrub: deps.scrub,
        now,
        random: Math.random,
        log: deps.logger,
      }),
  };
}

/**
 * The AI services (the provider's SDK imported now) over the store's audit tables (the store is opened now);
 * `ai.enabled` is true. @throws ConfigError for missing provider settings; what opening the store throws
 */
async function createAi(
  loaded: LoadedConfig,
  store: DeferredStore,
  sleep: (ms: number) => Promise<void>,
): Promise<AiServices | undefined> {
  const { createAiServices } = await import('./ai/create-ai-services.ts');
  return createAiServices({
    config: loaded.config.ai,
    project: loaded.env.GOOGLE_CLOUD_PROJECT,
    location: loaded.env.GOOGLE_CLOUD_LOCATION,
    databricks: await servingWorkspace(loaded),
    openAiBaseUrl: loaded.env.OPENAI_BASE_URL,
    openAiApiKey: loaded.env.OPENAI_API_KEY,
    db: (await store.open()).db.withTables<AiTables>(),
    now: () => new Date(),
    sleep,
  });
}

/**
 * The workspace whose Model Serving endpoints answer when `ai.provider` is `databricks`: DATABRICKS_HOST with
 * the same token provider (PAT or OAuth M2M) as collection. Undefined for other providers or without a host.
 */
async function servingWorkspace(
  loaded: LoadedConfig,
): Promise<{ host: string; token: () => Promise<string> } | undefined> {
  const { env } = loaded;
  if (!loaded.config.ai.enabled || loaded.config.ai.provider !== 'databricks' || env.DATABRICKS_HOST === undefined)
    return undefined;
  const { createTokenProvider } = await import('./databricks/auth/create-token-provider.ts');
  const auth = createTokenProvider({
    host: env.DATABRICKS_HOST,
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
  });
  return { host: env.DATABRICKS_HOST, token: () => auth.token() };
}
