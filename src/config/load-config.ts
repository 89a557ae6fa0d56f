import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ZodError } from 'zod';
import { ConfigError } from '../errors.ts';
import { type DatabricksConfigFile, readDatabricksConfigFile } from './databricks-config-file.ts';
import { type Env, readEnv } from './env.ts';
import { LakewardenConfig } from './schema.ts';
import { describeYamlIssues, parseYamlLocated } from './yaml-errors.ts';

/** The loaded configuration: the validated file, the environment and the folder paths are resolved against. */
export interface LoadedConfig {
  config: LakewardenConfig;
  env: Env;
  /** File the configuration came from, or undefined when defaults are used. */
  file: string | undefined;
  /** Folder relative paths in the file are resolved against. */
  baseDir: string;
  /** The Databricks configuration profiles file (DATABRICKS_CONFIG_FILE or ~/.databrickscfg), when present. */
  databricksConfigFile?: DatabricksConfigFile | undefined;
  /** `--profile`: the Databricks profile to use (wins over DATABRICKS_CONFIG_PROFILE). */
  profile?: string | undefined;
}

/**
 * Loads `lakewarden.yaml` from `--config`, else LAKEWARDEN_CONFIG, else `./lakewarden.yaml` if it exists,
 * else defaults. Validates the environment too, and reads the Databricks profiles file when there is one.
 * @throws ConfigError naming the file, the line and path inside it, and what was expected (CLI exit 2).
 */
export async function loadConfig(
  options: { path?: string | undefined; env?: NodeJS.ProcessEnv; profile?: string | undefined } = {},
): Promise<LoadedConfig> {
  const loaded = await loadConfigFile(options);
  const databricksConfigFile = await readDatabricksConfigFile(loaded.env.DATABRICKS_CONFIG_FILE);
  return { ...loaded, databricksConfigFile, profile: options.profile };
}

async function loadConfigFile(options: { path?: string | undefined; env?: NodeJS.ProcessEnv }): Promise<LoadedConfig> {
  let env: Env;
  try {
    env = readEnv(options.env ?? process.env);
  } catch (error) {
    if (error instanceof ZodError) {
      const lines = error.issues.map((i) => `environment variable ${String(i.path[0])}: ${i.message}`);
      throw new ConfigError(lines.join('\n'));
    }
    throw error;
  }
  const explicit = options.path ?? env.LAKEWARDEN_CONFIG;
  const file = explicit ?? (existsSync('lakewarden.yaml') ? 'lakewarden.yaml' : undefined);
  if (file === undefined) {
    return { config: LakewardenConfig.parse({}), env, file: undefined, baseDir: process.cwd() };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read configuration file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return { config: parseConfigText(text, file), env, file, baseDir: dirname(resolve(file)) };
}

/**
 * Validates configuration text. Pure.
 * @throws ConfigError with one `file:line: path: message` line per problem.
 */
export function parseConfigText(text: string, file: string): LakewardenConfig {
  const located = parseYamlLocated(text);
  if (located.syntaxErrors.length > 0) {
    throw new ConfigError(located.syntaxErrors.map((e) => `${file}: ${e}`).join('\n'));
  }
  const result = LakewardenConfig.safeParse(located.data ?? {});
  if (!result.success) throw new ConfigError(describeYamlIssues(file, located, result.error.issues).join('\n'));
  return result.data;
}
