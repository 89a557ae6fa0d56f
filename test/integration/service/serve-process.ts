import { type ChildProcess, spawn } from 'node:child_process';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** One `node src/cli.ts serve` child process and the JSON log lines it wrote to stderr. */
export interface ServeProcess {
  name: string;
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  /** Every raw stderr and stdout line so far (JSON or not). */
  raw: string[];
  exited: Promise<number | null>;
}

/** Starts `node src/cli.ts serve [...args]` with exactly `env` (plus PATH) in the repository root. */
export function spawnServe(name: string, env: Record<string, string>, args: string[] = []): ServeProcess {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const onData = (() => {
    let rest = '';
    return (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        raw.push(line);
        if (line.startsWith('{')) {
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            // a non-JSON line is kept in raw only
          }
        }
      }
    };
  })();
  child.stderr?.on('data', onData);
  child.stdout?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, logs, raw, exited };
}

/** The URL `serve` printed ("listening on http://…"), with 0.0.0.0 replaced by 127.0.0.1. */
export function listeningUrl(process: ServeProcess): string | undefined {
  for (const line of process.raw) {
    const match = /listening on (http:\/\/\S+)/.exec(line);
    if (match?.[1] !== undefined) return match[1].replace('0.0.0.0', '127.0.0.1');
  }
  return undefined;
}
