import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import type { FakeWorkspaceServer } from './fake-workspace-server.ts';
import { SCAN_WAREHOUSE_ID, WORKSPACE_ID } from './seed-workspace.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** What the CLI printed, joined by lines, and its exit code. */
export interface LiveCliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI in-process against the fake workspace: writes `dir/lakewarden.yaml` (the bundled rules and
 * templates, a SQLite store in `dir`, the seeded workspace id, plus `databricksYaml` lines under `databricks:`)
 * and stubs DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID and the credentials of `auth` (PAT, or OAuth M2M client id
 * and secret). The caller unstubs (`vi.unstubAllEnvs()`) after each test.
 */
export async function runLiveCli(
  ws: FakeWorkspaceServer,
  dir: string,
  args: readonly string[],
  options: { auth?: 'pat' | 'oauth'; databricksYaml?: string } = {},
): Promise<LiveCliResult> {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\ndatabricks:\n  workspaceId: "${WORKSPACE_ID}"\n${options.databricksYaml ?? ''}`,
  );
  vi.stubEnv('DATABRICKS_HOST', ws.origin);
  vi.stubEnv('DATABRICKS_WAREHOUSE_ID', SCAN_WAREHOUSE_ID);
  if ((options.auth ?? 'pat') === 'pat') vi.stubEnv('DATABRICKS_TOKEN', ws.token);
  else {
    vi.stubEnv('DATABRICKS_CLIENT_ID', ws.oauth.clientId);
    vi.stubEnv('DATABRICKS_CLIENT_SECRET', ws.oauth.clientSecret);
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', file, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
