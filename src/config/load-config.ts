import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ZodError } from 'zod';
import { ConfigError } from '../errors.ts';
import { type DatabricksConfigFile, readDatabricksConfigFile } from './databricks-config-file.ts';
import { type Env, readEnv } from './env.ts';
import { formatPath } from './format-path.ts';
import { LakewardenConfig } from './schema.ts';
import { findUnknownKeys } from './unknown-keys.ts';
import { describeYamlIssues, parseYamlLocated } from './yaml-errors.ts';

/** The loaded configuration: the validated file, the environment and the folder paths are resolved against. */
export interface LoadedConfig {
  config: LakewardenConfig;
  env: Env;
  /** File the configuration came from, or undefined when defaults are used. */
  file: string | undefined;
  /** Folder relative paths in the file are resolved against (`config` holds them already resolved). */
  baseDir: string;
  /**
   * How log lines reach stderr (`--log-format`): `json` lines at LOG_LEVEL (the default of `serve`), or `human`:
   * warnings and errors in plain words, nothing else (the default of the other commands). Unset = json.
   */
  logFormat?: 'human' | 'json';
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
    const baseDir = process.cwd();
    return { config: resolveConfigPaths(LakewardenConfig.parse({}), baseDir), env, file: undefined, baseDir };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read configuration file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const baseDir = dirname(resolve(file));
  return { config: resolveConfigPaths(parseConfigText(text, file), baseDir), env, file, baseDir };
}

/**
 * Resolves the relative paths of the configuration (rules.directory, rules.templatesDirectory,
 * savings.negotiatedPrices.effectivePriceFile, store.sqlitePath) against the config file's folder, so every command reads the same files wherever it
 * is started from. Pure.
 */
export function resolveConfigPaths(config: LakewardenConfig, baseDir: string): LakewardenConfig {
  return {
    ...config,
    rules: {
      ...config.rules,
      directory: resolve(baseDir, config.rules.directory),
      templatesDirectory: resolve(baseDir, config.rules.templatesDirectory),
    },
    savings: {
      ...config.savings,
      negotiatedPrices: {
        ...config.savings.negotiatedPrices,
        ...(config.savings.negotiatedPrices.effectivePriceFile === undefined
          ? {}
          : { effectivePriceFile: resolve(baseDir, config.savings.negotiatedPrices.effectivePriceFile) }),
      },
    },
    store: {
      ...config.store,
      sqlitePath: config.store.sqlitePath === ':memory:' ? ':memory:' : resolve(baseDir, config.store.sqlitePath),
    },
  };
}

/**
 * Validates configuration text. Pure. Unknown keys at any depth are errors (src/config/unknown-keys.ts), each on
 * its own line at the key's line, with the declared key it most likely meant.
 * @throws ConfigError with one `file:line: path: message` line per problem, in file order.
 */
export function parseConfigText(text: string, file: string): LakewardenConfig {
  const located = parseYamlLocated(text);
  if (located.syntaxErrors.length > 0) {
    throw new ConfigError(located.syntaxErrors.map((e) => `${file}: ${e}`).join('\n'));
  }
  const data = located.data ?? {};
  const problems: { line: number; text: string }[] = findUnknownKeys(LakewardenConfig, data).map((u) => {
    const line = located.keyLineOf(u.path);
    const hint = u.suggestion === undefined ? '' : ` (did you mean "${u.suggestion}"?)`;
    return {
      line: line ?? 0,
      text: `${line === undefined ? file : `${file}:${line}`}: ${formatPath(u.path)}: unknown key${hint}`,
    };
  });
  // Parsed once per process: zod's interpreted parser (`jitless`) costs less than generating its fast path.
  const result = LakewardenConfig.safeParse(data, { jitless: true });
  if (!result.success) {
    // Unknown keys are reported above, once each and at their own line.
    const issues = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    const lines = describeYamlIssues(file, located, issues);
    issues.forEach((issue, index) => {
      problems.push({ line: located.lineOf(issue.path) ?? 0, text: lines[index] as string });
    });
  }
  if (problems.length > 0) {
    throw new ConfigError(
      problems
        .sort((a, b) => a.line - b.line)
        .map((p) => p.text)
        .join('\n'),
    );
  }
  if (!result.success) throw new ConfigError(describeYamlIssues(file, located, result.error.issues).join('\n'));
  return result.data;
}
