import { z } from 'zod';
import { ConfigError } from '../errors.ts';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The environment lakewarden reads (README.md and docs/configuration.md list it). This file and load-config.ts are the only
 * readers of `process.env`. Secrets live only here, never in lakewarden.yaml.
 */
export const Env = z.object({
  LAKEWARDEN_CONFIG: optional.describe('Path of lakewarden.yaml (default ./lakewarden.yaml if present).'),
  JIRA_BASE_URL: optional.describe(
    'Jira Cloud site, e.g. https://example.atlassian.net, or the Jira Data Center base URL (with any context path).',
  ),
  JIRA_EMAIL: optional.describe('Email of the Jira account lakewarden acts as.'),
  JIRA_API_TOKEN: optional.describe('API token of that account (secret).'),
  JIRA_PAT: optional.describe('Jira Data Center personal access token, sent as Authorization: Bearer (secret).'),
  JIRA_USERNAME: optional.describe(
    'Jira Data Center username for basic auth, where the site allows it (instead of JIRA_PAT).',
  ),
  JIRA_PASSWORD: optional.describe('Password of JIRA_USERNAME (secret).'),
  JIRA_PROJECT_KEY: optional.describe('Project key for new issues; overrides jira.projectKey.'),
  JIRA_WEBHOOK_SECRET: optional.describe('Webhook secret(s), comma-separated for rotation (secret).'),
  LAKEWARDEN_AUTOMATION_SECRET: optional.describe(
    'Shared secret Jira Automation sends in X-Lakewarden-Secret to POST /webhooks/jira/automation (secret).',
  ),
  DATABRICKS_HOST: optional.describe('Workspace URL used for REST and SQL.'),
  DATABRICKS_TOKEN: optional.describe('Personal access token (secret).'),
  DATABRICKS_CLIENT_ID: optional.describe('OAuth M2M service principal application id.'),
  DATABRICKS_CLIENT_SECRET: optional.describe('OAuth M2M secret (secret).'),
  DATABRICKS_WAREHOUSE_ID: optional.describe('SQL warehouse id for system-table queries.'),
  DATABRICKS_CONFIG_PROFILE: optional.describe(
    'Profile of the Databricks configuration file to use (`--profile` wins); as the Databricks CLI and SDKs.',
  ),
  DATABRICKS_CONFIG_FILE: optional.describe('Databricks configuration profiles file (default ~/.databrickscfg).'),
  DATABRICKS_AUTH_TYPE: optional.describe('Force one auth type: pat, oauth-m2m or azure-client-secret.'),
  ARM_CLIENT_ID: optional.describe('Azure: application (client) id of a Microsoft Entra ID service principal.'),
  ARM_CLIENT_SECRET: optional.describe('Azure: client secret of that service principal (secret).'),
  ARM_TENANT_ID: optional.describe('Azure: directory (tenant) id of that service principal.'),
  ARM_ENVIRONMENT: optional.describe('Azure cloud: PUBLIC (default), USGOVERNMENT or CHINA.'),
  DATABASE_URL: optional.describe('postgres://… selects Postgres; otherwise SQLite under .lakewarden/.'),
  PORT: z.coerce.number().int().positive().default(8080).describe('HTTP port of `lakewarden serve`.'),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info')
    .describe('pino log level.'),
  LAKEWARDEN_KILL_SWITCH: optional.describe('Any non-empty value other than 0/false stops every Databricks write.'),
  GOOGLE_CLOUD_PROJECT: optional.describe('Google Cloud project for Vertex AI (AI features only).'),
  GOOGLE_CLOUD_LOCATION: optional.describe('Vertex AI region, e.g. europe-west4.'),
  OPENAI_BASE_URL: optional.describe(
    'Base URL of the OpenAI-compatible endpoint for `ai.provider: openai-compatible`, e.g. https://llm-gateway.internal/v1.',
  ),
  OPENAI_API_KEY: optional.describe('API key of that endpoint (secret).'),
});
export type Env = z.infer<typeof Env>;

/** Reads and validates `process.env` once. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Parsed once per process: zod's interpreted parser (`jitless`) costs less than generating its fast path.
  return Env.parse(source, { jitless: true });
}

const JIRA_CREDENTIAL_NAMES = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'] as const;

/**
 * True for hosts that never leave the machine: `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8 and `::1`.
 * `hostname` as `URL.hostname` gives it (IPv6 in brackets).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Jira credentials when all three of JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN are set; undefined when none
 * is (the scan then runs as a dry run).
 * @throws ConfigError (exit 2) when only some are set (naming the missing ones: a typo must not silently become a
 *   dry run), when JIRA_BASE_URL is not a URL, or when it is `http://` on a host other than loopback (the API
 *   token would travel in clear; Jira Cloud is HTTPS only).
 */
export function jiraCredentials(env: Env): { baseUrl: string; email: string; apiToken: string } | undefined {
  const missing = JIRA_CREDENTIAL_NAMES.filter((name) => env[name] === undefined);
  if (missing.length === JIRA_CREDENTIAL_NAMES.length) return undefined;
  if (missing.length > 0) {
    const set = JIRA_CREDENTIAL_NAMES.filter((name) => !missing.includes(name));
    throw new ConfigError(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set while ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'}: set ${missing.join(' and ')} to use Jira, or unset ${set.join(' and ')} for a dry run without Jira`,
    );
  }
  const baseUrl = checkJiraBaseUrl(env.JIRA_BASE_URL as string);
  return { baseUrl, email: env.JIRA_EMAIL as string, apiToken: env.JIRA_API_TOKEN as string };
}

/**
 * JIRA_BASE_URL checked: a URL, `https://` (or `http://` on loopback only: a token would travel in clear).
 * @throws ConfigError naming the problem
 */
export function checkJiraBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`JIRA_BASE_URL is not a URL: expected the site URL, e.g. https://example.atlassian.net`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `JIRA_BASE_URL uses http:// on ${url.hostname}: the API token would travel in clear; use https:// (plain http is accepted only for localhost)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`JIRA_BASE_URL must be an https:// URL, got ${url.protocol}//`);
  }
  return baseUrl;
}

/** How lakewarden authenticates to Jira Data Center (see `jiraDataCenterCredentials`). */
export type JiraDataCenterAuth = { type: 'pat'; token: string } | { type: 'basic'; username: string; password: string };

/**
 * Jira Data Center credentials (`jira.deployment: datacenter`): JIRA_BASE_URL with JIRA_PAT (a personal access
 * token, `Authorization: Bearer`), or with JIRA_USERNAME and JIRA_PASSWORD (basic auth, where the site allows
 * it); undefined when none of these is set (dry run).
 * @throws ConfigError when they are set only in part (naming what is missing), or the URL is refused (see `checkJiraBaseUrl`)
 * @see https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html
 */
export function jiraDataCenterCredentials(env: Env): { baseUrl: string; auth: JiraDataCenterAuth } | undefined {
  const names = ['JIRA_BASE_URL', 'JIRA_PAT', 'JIRA_USERNAME', 'JIRA_PASSWORD'] as const;
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length === 0) return undefined;
  if (env.JIRA_BASE_URL === undefined) {
    throw new ConfigError(
      `JIRA_BASE_URL is not set while ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'}: set the Jira Data Center base URL`,
    );
  }
  const baseUrl = checkJiraBaseUrl(env.JIRA_BASE_URL);
  if (env.JIRA_PAT !== undefined) return { baseUrl, auth: { type: 'pat', token: env.JIRA_PAT } };
  if (env.JIRA_USERNAME !== undefined && env.JIRA_PASSWORD !== undefined) {
    return { baseUrl, auth: { type: 'basic', username: env.JIRA_USERNAME, password: env.JIRA_PASSWORD } };
  }
  throw new ConfigError(
    'jira.deployment is datacenter: set JIRA_PAT (a personal access token), or JIRA_USERNAME and JIRA_PASSWORD where basic auth is enabled',
  );
}

/** Every secret value present in the environment, for log and Jira-text scrubbing. */
export function secretValues(env: Env): string[] {
  const values = [
    env.JIRA_API_TOKEN,
    env.JIRA_PAT,
    env.JIRA_PASSWORD,
    env.DATABRICKS_TOKEN,
    env.DATABRICKS_CLIENT_SECRET,
    env.ARM_CLIENT_SECRET,
    env.LAKEWARDEN_AUTOMATION_SECRET,
    env.OPENAI_API_KEY,
  ];
  const secrets = (env.JIRA_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim());
  return [...values, ...secrets].filter((v): v is string => v !== undefined && v.length >= 4);
}
