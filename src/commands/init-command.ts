import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.ts';
import type { Output } from './output.ts';
import { configJsonSchemaText } from './schema-commands.ts';

/** The lakewarden package folder (rules/, templates/, examples/): two levels above src/commands or dist/commands. */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Name of the JSON Schema written beside the configuration for the editor modeline. */
export const SCHEMA_FILE = 'lakewarden.schema.json';

export interface InitOptions {
  /** Where to write the configuration (default lakewarden.yaml in the working folder). */
  out: string;
  /** `--jira`: only `cloud` (Jira Cloud, REST v3) is supported. */
  jira: string;
  /** Overwrite an existing file. */
  force: boolean;
  /** Folder the printed commands run from (default the working folder). */
  cwd?: string;
}

/**
 * `lakewarden init`: writes a commented starter `lakewarden.yaml` (with a yaml-language-server modeline pointing
 * at `lakewarden.schema.json`, written beside it) that scans with the bundled rules and templates, and prints
 * the next three commands.
 * @throws InputError (exit 2) when the file exists and `force` is false, or `--jira` is not `cloud` or `datacenter`.
 */
export async function initCommand(options: InitOptions, output: Output): Promise<void> {
  const jira = options.jira;
  if (jira !== 'cloud' && jira !== 'datacenter') {
    throw new InputError(`--jira: expected cloud or datacenter, got "${options.jira}"`);
  }
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, options.out);
  if (existsSync(file) && !options.force) {
    throw new InputError(`${file}: already exists; not overwritten (pass --force to replace it)`);
  }
  const folder = dirname(file);
  const schemaFile = join(folder, SCHEMA_FILE);
  await writeFile(file, starterConfig(folder, jira), { flag: options.force ? 'w' : 'wx' });
  await writeFile(schemaFile, `${configJsonSchemaText()}\n`);
  const fromSource = import.meta.url.endsWith('.ts') && existsSync(join(PACKAGE_ROOT, 'src', 'cli.ts'));
  const cli = `${fromSource ? 'npm run lakewarden --' : 'npx lakewarden'} --config ${shellPath(relative(cwd, file))}`;
  const sample = shellPath(nearPath(cwd, join(PACKAGE_ROOT, 'examples', 'sample-account.json')));
  output.out(`Wrote ${file} (and ${basename(schemaFile)} beside it for editor completion). Next:`);
  output.out(`  ${cli} config validate`);
  output.out(`  ${cli} scan --snapshot ${sample} --dry-run`);
  output.out(`  ${cli} doctor    # after exporting JIRA_* and DATABRICKS_* (see the README)`);
}

/**
 * The starter configuration for Jira Cloud or Data Center (`jira.deployment`); paths to the bundled rules and
 * templates are relative to `folder`.
 */
export function starterConfig(folder: string, jira: 'cloud' | 'datacenter' = 'cloud'): string {
  const jiraLines =
    jira === 'datacenter'
      ? `  # Jira Data Center / Server 10+ (REST v2): JIRA_BASE_URL and JIRA_PAT (or JIRA_USERNAME + JIRA_PASSWORD where
  # basic auth is enabled). Without them \`scan\` is a dry run and files nothing. JIRA_PROJECT_KEY overrides projectKey.
  deployment: datacenter`
      : `  # Project the issues are filed in (JIRA_PROJECT_KEY overrides it). Jira Cloud site and bot account:
  # JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Jira Data Center: init --jira datacenter). Without them \`scan\` is a dry run and files nothing.`;
  const rel = (name: string) => nearPath(folder, join(PACKAGE_ROOT, name));
  return `# yaml-language-server: $schema=./${SCHEMA_FILE}
# lakewarden configuration, written by \`lakewarden init\`. Every key: docs/configuration.md, or
# \`lakewarden config schema\`. Unknown keys are errors; relative paths resolve against this file's folder.
# Secrets (Jira API token, webhook secret, Databricks credentials) come from the environment, never from here.

jira:
${jiraLines}
  projectKey: FINOPS
  issueType: Task

routing:
  # Tag keys looked up in order: a value naming a team routes to that team, an email to that user.
  tagKeys: [owner, team, cost_center]
  teams: {}
  #   payments:
  #     assignee: payments-lead@example.com
  #     components: [Payments]
  # Findings nobody owns land here (with the label lw-unowned).
  defaultQueue:
    labels: [lw-triage]
  #   assignee: finops-triage@example.com

databricks:
  # Live collection reads the workspace at DATABRICKS_HOST with DATABRICKS_WAREHOUSE_ID and
  # DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (or DATABRICKS_TOKEN). Days of history to read:
  windowDays: 30

rules:
  # The rules and issue templates shipped with lakewarden; point these at your own copies to change them.
  directory: ${JSON.stringify(rel('rules'))}
  templatesDirectory: ${JSON.stringify(rel('templates'))}
  # Cost findings estimated below this many USD/month are not filed.
  minMonthlySavingsUsd: 0
  # Per-rule overrides (\`lakewarden rules list\` shows the ids; \`config validate\` checks ids and params):
  overrides: {}
  #   cluster-idle-running:
  #     params: { minRunningHours: 12 }

store:
  # SQLite file used unless DATABASE_URL is a postgres:// URL.
  sqlitePath: .lakewarden/lakewarden.db
`;
}

/** `target` relative to `from` when it lies below it (a clone, ./node_modules/lakewarden), else absolute. */
function nearPath(from: string, target: string): string {
  const path = relative(from, target);
  if (path === '') return '.';
  return path.startsWith('..') || isAbsolute(path) ? target : path;
}

function shellPath(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
