import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'ini';
import { ConfigError } from '../errors.ts';

/**
 * A Databricks configuration profiles file (`~/.databrickscfg`), as the Databricks CLI and SDKs read it
 * (https://docs.databricks.com/en/dev-tools/auth/config-profiles.html): one INI section per profile, field
 * names as in https://docs.databricks.com/en/dev-tools/auth/env-vars.html (`host`, `token`, `client_id`,
 * `client_secret`, `azure_client_id`, …). The `[__settings__]` section may name `default_profile`.
 */
export interface DatabricksConfigFile {
  path: string;
  /** Profile name → field → value (values as strings). `__settings__` is not a profile. */
  profiles: Record<string, Record<string, string>>;
  /** `[__settings__] default_profile`, when set. */
  defaultProfile: string | undefined;
}

const SETTINGS = '__settings__';

/** Fields of a profile whose values are secrets (redacted from every log line and Jira text). */
export const PROFILE_SECRET_FIELDS = ['token', 'client_secret', 'azure_client_secret', 'password'] as const;

/**
 * Parses the text of a profiles file (pure). Section names containing dots (which the `ini` library
 * nests) are flattened back to their dotted names; values are kept as strings.
 */
export function parseDatabricksConfigFile(text: string, path: string): DatabricksConfigFile {
  const parsed = parse(text) as Record<string, unknown>;
  const profiles: Record<string, Record<string, string>> = {};
  const addSection = (name: string, section: Record<string, unknown>): void => {
    const fields: Record<string, string> = {};
    let nested = false;
    for (const [key, value] of Object.entries(section)) {
      if (value !== null && typeof value === 'object') {
        nested = true;
        addSection(`${name}.${key}`, value as Record<string, unknown>);
      } else if (value !== undefined && value !== null) fields[key] = String(value).trim();
    }
    if (!nested || Object.keys(fields).length > 0) profiles[name] = fields;
  };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === 'object') addSection(key, value as Record<string, unknown>);
  }
  const settings = profiles[SETTINGS];
  delete profiles[SETTINGS];
  const defaultProfile = settings?.default_profile;
  return {
    path,
    profiles,
    defaultProfile: defaultProfile === undefined || defaultProfile === '' ? undefined : defaultProfile,
  };
}

/**
 * Reads the profiles file: `DATABRICKS_CONFIG_FILE` when set, else `~/.databrickscfg`. A missing default
 * file is not an error (returns undefined), as in the Databricks SDKs; a missing file named explicitly is.
 * @throws ConfigError naming the file when it cannot be read or parsed.
 */
export async function readDatabricksConfigFile(
  explicitPath: string | undefined,
): Promise<DatabricksConfigFile | undefined> {
  const path = expandHome(explicitPath ?? '~/.databrickscfg');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && explicitPath === undefined) return undefined;
    throw new ConfigError(
      `${path}: cannot read the Databricks configuration file (${code ?? 'error'})${explicitPath === undefined ? '' : ' named by DATABRICKS_CONFIG_FILE'}`,
    );
  }
  try {
    return parseDatabricksConfigFile(text, path);
  } catch (error) {
    throw new ConfigError(`${path}: not a valid Databricks configuration file (${(error as Error).message})`);
  }
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}
