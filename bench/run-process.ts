import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const MAX_RSS = new URL('./max-rss.mjs', import.meta.url).pathname;

/** One child process measured from spawn to exit. */
export interface ProcessRun {
  ms: number;
  /** Peak resident set size of the child, MiB (VmHWM of /proc/self/status at exit on Linux, see bench/max-rss.mjs). */
  peakRssMiB: number;
  stdout: string;
}

/**
 * Runs `node <args>` (this process's node, so the pinned one under `npm run`) with bench/max-rss.mjs preloaded, in
 * `cwd`, with Jira credentials removed from the environment (a scan stays a dry run). Wall time includes startup.
 * @throws Error with the child's stderr when it exits non-zero
 */
export async function runNode(args: readonly string[], cwd: string): Promise<ProcessRun> {
  const rssFile = join(tmpdir(), `lw-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, LW_BENCH_MAX_RSS_FILE: rssFile };
  for (const key of Object.keys(env)) if (key.startsWith('JIRA_')) delete env[key];
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', MAX_RSS, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  try {
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8')}`);
    const kib = Number(readFileSync(rssFile, 'utf8'));
    return { ms, peakRssMiB: kib / 1024, stdout: Buffer.concat(out).toString('utf8') };
  } finally {
    rmSync(rssFile, { force: true });
  }
}
