import type { AiTables } from './ai/ai-tables.ts';
import { type AiServices, createAiServices } from './ai/create-ai-services.ts';
import { databricksAuthSources, profileSecretValues, resolveDatabricksAuth } from './config/databricks-auth.ts';
import { jiraCredentials, jiraDataCenterCredentials, secretValues } from './config/env.ts';
import type { LoadedConfig } from './config/load-config.ts';
import { createTokenProvider } from './databricks/auth/create-token-provider.ts';
import type { TokenProvider } from './databricks/auth/token-provider.ts';
import { createWorkspaceApi } from './databricks/rest/write/create-workspace-api.ts';
import { ConfigError } from './errors.ts';
import { createJiraClient } from './jira/create-jira-client.ts';
import { createJiraIssueTracker } from './jira/jira-issue-tracker.ts';
import { createDataCenterHttp } from './jira-datacenter/datacenter-http.ts';
import { createDataCenterIssueTracker } from './jira-datacenter/datacenter-issue-tracker.ts';
import { createLogger, type Logger } from './logging/create-logger.ts';
import { createHumanLogStream } from './logging/human-log-stream.ts';
import { createScrubber } from './logging/scrub-secrets.ts';
import type { WorkspaceApi } from './remediation/workspace-api.ts';
import type { CallMetricsPort } from './server/metrics.ts';
import { instrumentFetch } from './service/instrument-fetch.ts';
import { jiraEndpointLabel } from './service/jira-endpoint-label.ts';
import { createStore, type OpenedStore } from './store/create-store.ts';
import type { IssueTracker } from './tracker/issue-tracker.ts';

/** The adapters one command needs, wired once (the composition root). */
export interface Services {
  store: OpenedStore;
  /** The issue tracker (Jira Cloud over jira.js, observed by `callMetrics`) when Jira credentials are set. */
  tracker: IssueTracker | undefined;
  /** The tracker's default project (JIRA_PROJECT_KEY or jira.projectKey); set whenever `tracker` is. */
  projectKey: string | undefined;
  /** AI services when `ai.enabled` (Vertex AI, Databricks Model Serving or an OpenAI-compatible endpoint); undefined otherwise. */
  ai: AiServices | undefined;
  logger: Logger;
  scrub: (text: string) => string;
  /**
   * The Databricks workspace adapters `serve` applies and verifies changes with, built on first need from the
   * resolved credentials (environment, profile or lakewarden.yaml); every HTTP attempt is reported to `callMetrics`.
   * @throws ConfigError when no workspace is configured or its credentials are incomplete
   */
  databricksWorkspace(options: { version: string; callMetrics: CallMetricsPort }): DatabricksWorkspace;
  close(): Promise<void>;
}

/** One Databricks workspace as `serve` uses it: its host, token provider, instrumented fetch and WorkspaceApi. */
export interface DatabricksWorkspace {
  host: string;
  auth: TokenProvider;
  fetch: typeof fetch;
  api: WorkspaceApi;
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

/**
 * Wires the store (SQLite by default, Postgres when DATABASE_URL is postgres://), the Jira tracker when
 * credentials are set, and the logger. The store is migrated before use.
 * @throws ConfigError when JIRA_PROJECT_KEY / jira.projectKey is missing while Jira credentials are set.
 */
export interface ServiceOptions {
  /** Where JSON logs go (default stderr). */
  logDestination?: NodeJS.WritableStream;
  /** Waits between retries (tests inject a recorder so nothing really waits). */
  sleep?: (ms: number) => Promise<void>;
  /** Told every Jira call attempt (`lakewarden serve`'s /metrics). */
  callMetrics?: CallMetricsPort;
}

export async function createServices(loaded: LoadedConfig, options: ServiceOptions = {}): Promise<Services> {
  const scrub = scrubberFor(loaded);
  const destination =
    options.logDestination ?? (loaded.logFormat === 'human' ? createHumanLogStream(process.stderr) : undefined);
  const logger = createLogger({
    level: loaded.env.LOG_LEVEL,
    scrub,
    ...(destination === undefined ? {} : { destination }),
  });
  const dataCenter = loaded.config.jira.deployment === 'datacenter';
  const credentials = dataCenter ? undefined : jiraCredentials(loaded.env);
  const dataCenterCredentials = dataCenter ? jiraDataCenterCredentials(loaded.env) : undefined;
  const projectKey = loaded.env.JIRA_PROJECT_KEY ?? loaded.config.jira.projectKey;
  if ((credentials ?? dataCenterCredentials) !== undefined && projectKey === undefined) {
    throw new ConfigError(
      'JIRA_PROJECT_KEY is not set (or jira.projectKey in lakewarden.yaml): lakewarden needs the project to file issues in',
    );
  }
  const store = await createStore({
    ...(loaded.env.DATABASE_URL === undefined ? {} : { databaseUrl: loaded.env.DATABASE_URL }),
    sqlitePath: loaded.config.store.sqlitePath,
  });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retry = {
    maxRetries: loaded.config.jira.maxRetries,
    sleep,
    random: Math.random,
    ...(options.callMetrics === undefined ? {} : { observe: jiraObserver(options.callMetrics) }),
  };
  let tracker: IssueTracker | undefined;
  if (projectKey !== undefined && credentials !== undefined) {
    const client = createJiraClient({ ...credentials, onSchemaMismatch: logger });
    tracker = createJiraIssueTracker({ context: { client, retry }, projectKey, jira: loaded.config.jira });
  } else if (projectKey !== undefined && dataCenterCredentials !== undefined) {
    const http = createDataCenterHttp({ ...dataCenterCredentials, retry });
    tracker = createDataCenterIssueTracker({ http, projectKey, jira: loaded.config.jira });
  }
  let ai: AiServices | undefined;
  try {
    ai = createAiServices({
      config: loaded.config.ai,
      project: loaded.env.GOOGLE_CLOUD_PROJECT,
      location: loaded.env.GOOGLE_CLOUD_LOCATION,
      databricks: servingWorkspace(loaded),
      openAiBaseUrl: loaded.env.OPENAI_BASE_URL,
      openAiApiKey: loaded.env.OPENAI_API_KEY,
      db: store.db.withTables<AiTables>(),
      now: () => new Date(),
      sleep,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    tracker,
    projectKey: tracker === undefined ? undefined : projectKey,
    ai,
    logger,
    scrub,
    databricksWorkspace: (workspace) => createDatabricksWorkspace(loaded, workspace),
    close: () => store.close(),
  };
}

function createDatabricksWorkspace(
  loaded: LoadedConfig,
  options: { version: string; callMetrics: CallMetricsPort },
): DatabricksWorkspace {
  const { credentials } = resolveDatabricksAuth(databricksAuthSources(loaded));
  const auth = createTokenProvider(credentials);
  const fetch = instrumentFetch(options.callMetrics);
  return {
    host: credentials.host,
    auth,
    fetch,
    api: createWorkspaceApi({ host: credentials.host, auth, version: options.version, fetch }),
  };
}

/**
 * The workspace whose Model Serving endpoints answer when `ai.provider` is `databricks`: DATABRICKS_HOST with
 * the same token provider (PAT or OAuth M2M) as collection. Undefined for other providers or without a host.
 */
function servingWorkspace(loaded: LoadedConfig): { host: string; token: () => Promise<string> } | undefined {
  const { env } = loaded;
  if (!loaded.config.ai.enabled || loaded.config.ai.provider !== 'databricks' || env.DATABRICKS_HOST === undefined)
    return undefined;
  const auth = createTokenProvider({
    host: env.DATABRICKS_HOST,
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
  });
  return { host: env.DATABRICKS_HOST, token: () => auth.token() };
}
