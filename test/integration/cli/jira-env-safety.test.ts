import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { jiraCredentials, readEnv } from '../../../src/config/env.ts';
import { ConfigError } from '../../../src/errors.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let dir: string;
let out: string[];
let err: string[];
const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };

const JIRA_VARS = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'] as const;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-env-'));
  out = [];
  err = [];
  for (const name of JIRA_VARS) vi.stubEnv(name, '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function config(): string {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\n`,
  );
  return file;
}

async function scan(): Promise<number> {
  return runCli(['--config', config(), 'scan', '--snapshot', join(ROOT, 'examples/sample-account.json')], output);
}

describe('Jira environment safety (issue 13 item 8)', () => {
  it('a partially set Jira environment exits 2 naming the missing variable, instead of a silent dry run', async () => {
    vi.stubEnv('JIRA_BASE_URL', 'https://example.atlassian.net');
    vi.stubEnv('JIRA_EMAIL', 'bot@example.com');
    vi.stubEnv('JIRA_PROJECT_KEY', 'FIN');
    expect(await scan()).toBe(2);
    expect(err.join('\n')).toMatch(/^error \(invalid input or configuration\): JIRA_API_TOKEN is not set while/m);
    expect(err.join('\n')).not.toMatch(/dry run:/);
    expect(out.join('\n')).not.toMatch(/dry run:/);
  });

  it('names every missing variable', () => {
    expect(() => jiraCredentials(readEnv({ JIRA_API_TOKEN: 'secret-token' }))).toThrow(
      /^JIRA_BASE_URL and JIRA_EMAIL are not set while JIRA_API_TOKEN is/,
    );
  });

  it('an http:// Jira URL on a non-loopback host exits 2 and says why', async () => {
    vi.stubEnv('JIRA_BASE_URL', 'http://jira.example.com');
    vi.stubEnv('JIRA_EMAIL', 'bot@example.com');
    vi.stubEnv('JIRA_API_TOKEN', 'secret-token');
    vi.stubEnv('JIRA_PROJECT_KEY', 'FIN');
    expect(await scan()).toBe(2);
    expect(err.join('\n')).toMatch(
      /JIRA_BASE_URL uses http:\/\/ on jira\.example\.com: the API token would travel in clear/,
    );
    expect(err.join('\n')).not.toContain('secret-token');
  });

  it('accepts https anywhere and http only on loopback; nothing set is the documented dry run', () => {
    const env = (url: string) =>
      readEnv({ JIRA_BASE_URL: url, JIRA_EMAIL: 'bot@example.com', JIRA_API_TOKEN: 't0ken' });
    expect(jiraCredentials(env('https://example.atlassian.net'))?.baseUrl).toBe('https://example.atlassian.net');
    for (const url of ['http://127.0.0.1:8089', 'http://localhost:8080', 'http://[::1]:9000']) {
      expect(jiraCredentials(env(url))?.baseUrl).toBe(url);
    }
    for (const url of ['http://10.0.0.5', 'http://127.example.com', 'http://localhost.example.com']) {
      expect(() => jiraCredentials(env(url))).toThrow(ConfigError);
    }
    expect(() => jiraCredentials(env('ftp://example.com'))).toThrow(/must be an https:\/\/ URL/);
    expect(() => jiraCredentials(env('not a url'))).toThrow(/JIRA_BASE_URL is not a URL/);
    expect(jiraCredentials(readEnv({}))).toBeUndefined();
  });
});
