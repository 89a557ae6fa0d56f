import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The environment lakewarden reads (DESIGN.md "Environment"). This file and load-config.ts are the only
 * readers of `process.env`. Secrets live only here, never in lakewarden.yaml.
 */
export const Env = z.object({
  LAKEWARDEN_CONFIG: optional.describe('Path of lakewarden.yaml (default ./lakewarden.yaml if present).'),
  JIRA_BASE_URL: optional.describe('Jira Cloud site, e.g. https://example.atlassian.net'),
  JIRA_EMAIL: optional.describe('Email of the Jira account lakewarden acts as.'),
  JIRA_API_TOKEN: optional.describe('API token of that account (secret).'),
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
});
export type Env = z.infer<typeof Env>;

/** Reads and validates `process.env` once. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return Env.parse(source);
}

/** Jira credentials when all three are present, else undefined (the scan then runs as a dry run). */
export function jiraCredentials(env: Env): { baseUrl: string; email: string; apiToken: string } | undefined {
  if (env.JIRA_BASE_URL === undefined || env.JIRA_EMAIL === undefined || env.JIRA_API_TOKEN === undefined)
    return undefined;
  return { baseUrl: env.JIRA_BASE_URL, email: env.JIRA_EMAIL, apiToken: env.JIRA_API_TOKEN };
}

/** Every secret value present in the environment, for log and Jira-text scrubbing. */
export function secretValues(env: Env): string[] {
  const values = [
    env.JIRA_API_TOKEN,
    env.DATABRICKS_TOKEN,
    env.DATABRICKS_CLIENT_SECRET,
    env.ARM_CLIENT_SECRET,
    env.LAKEWARDEN_AUTOMATION_SECRET,
  ];
  const secrets = (env.JIRA_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim());
  return [...values, ...secrets].filter((v): v is string => v !== undefined && v.length >= 4);
}
