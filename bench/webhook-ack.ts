/**
 * Webhook acknowledgement benchmark (reliability.md §9 item 30) against an honest floor: autocannon on loopback
 * against the real express app of `lakewarden serve` (HMAC check, envelope parse, durable inbox INSERT … ON
 * CONFLICT on a SQLite store in a temp dir, metrics, the serve logger at its default level `info` with redaction,
 * writing to /dev/null) and against a bare express + HMAC + SQLite inbox server (bench/bare-webhook-server.ts, same
 * durability), in alternating rounds, for several mixes: all valid (new delivery id each), all duplicates (one id),
 * all invalid signatures, and a 1:1:1 mix. Reports req/s and p99 as ratios to the bare server (targets ≥ 0.8× and
 * ≤ 1.5×), then absolutes; writes a table between the `bench:webhook` markers of docs/benchmarks.md.
 *
 *   npx node bench/webhook-ack.ts [--duration 5] [--connections 20] [--rounds 2] [--quick] [--mix duplicate,...] [--worker] [--out docs/benchmarks.md] [--no-write]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { runInboxBatch } from '../src/approvals/inbox-worker.ts';
import type { InboxPort } from '../src/intake/inbox-port.ts';
import type { InboxBatchQueuePort } from '../src/intake/queue-ports.ts';
import { signBody } from '../src/intake/verify-signature.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { createScrubber } from '../src/logging/scrub-secrets.ts';
import { createApp } from '../src/server/create-app.ts';
import { createMetrics } from '../src/server/metrics.ts';
import { type PollLoop, startPollLoop } from '../src/service/poll-loop.ts';
import { createApprovalPorts } from '../src/store/approval-ports/create-approval-ports.ts';
import { createStore } from '../src/store/create-store.ts';
import { startBareWebhookServer } from './bare-webhook-server.ts';
import { describeMachine } from './machine.ts';
import { median } from './measure.ts';
import { writeBenchSection } from './write-section.ts';

const SECRET = 'bench-webhook-secret';
const PATH = '/webhooks/jira';

/** Which deliveries a run sends. */
export type WebhookMix = 'valid' | 'duplicate' | 'invalid' | 'mixed';

/** Every mix, in the order of the table. */
export const WEBHOOK_MIXES: readonly WebhookMix[] = ['valid', 'duplicate', 'invalid', 'mixed'];

/** One row of the table: a mix, with or without lakewarden's inbox worker running. */
export interface WebhookCase {
  mix: WebhookMix;
  worker: boolean;
}

/** The default run: every mix without the worker, then the mixes that store deliveries with it. */
export const WEBHOOK_CASES: readonly WebhookCase[] = [
  ...WEBHOOK_MIXES.map((mix) => ({ mix, worker: false })),
  { mix: 'valid', worker: true },
  { mix: 'mixed', worker: true },
];

export interface WebhookMixResult {
  mix: WebhookMix;
  /** lakewarden ran its inbox worker (never the bare server). */
  worker: boolean;
  durationS: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  errors: number;
  rowsStored: number;
  /** Deliveries the worker had completed when the load stopped. */
  workerDone: number;
  /** CPU time of the server process (user + system) during the load, per request, µs. */
  cpuUsPerRequest: number;
}

const body = readFileSync(
  new URL('../test/fixtures/jira/webhook-cloud-issue-updated-status-approved.json', import.meta.url),
);
const goodSignature = signBody(body, SECRET);
const badSignature = `sha256=${'0'.repeat(64)}`;

/** Requests sent to each server before the measured run (same mix). */
const WARM_UP_REQUESTS = 200;

/** Which server a run measures. */
export type WebhookServer = 'lakewarden' | 'bare';

/** A running server: its port, the inbox row count, deliveries the worker completed (0 without it), close. */
interface RunningServer {
  port: number;
  rows: () => Promise<number>;
  workerDone: () => Promise<number>;
  close: () => Promise<void>;
}

/**
 * The inbox worker of `lakewarden serve` (runInboxBatch in the same poll loop, woken by each accepted delivery, as
 * create-approval-runtime.ts wires it) on the acceptor's store and event loop: it claims up to 16 due deliveries in
 * one commit, parses each stored body, yielding to the event loop before each, and completes those processed in one
 * more commit (`synchronous = FULL`). Processing stands in for the Jira re-fetch
 * by yielding once to the event loop (a call that answers at once): the store writes of the worker are all there,
 * the network wait is not, so the worker competes for the store as hard as it can.
 */
function startInboxWorker(queue: InboxBatchQueuePort): PollLoop {
  const log = { info: () => {}, warn: () => {} };
  return startPollLoop({
    iterate: async () =>
      (
        await runInboxBatch({
          queue,
          process: async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return { kind: 'ignored', reason: 'bench: the Jira re-fetch is not made' };
          },
          workerId: 'bench-worker',
          now: () => new Date(),
          random: Math.random,
          log,
        })
      ).length > 0,
    idleMs: 500,
    onError: (error) => {
      throw error;
    },
  });
}

/** Starts one server on a fresh SQLite file; `rows` counts the inbox. `worker`: lakewarden runs its inbox worker. */
export async function startServer(kind: WebhookServer, dir: string, worker = false): Promise<RunningServer> {
  if (kind === 'bare') {
    const bare = await startBareWebhookServer(join(dir, 'bare.db'), SECRET);
    return { port: bare.port, rows: async () => bare.rows(), workerDone: async () => 0, close: bare.close };
  }
  const store = await createStore({ sqlitePath: join(dir, 'lw.db') });
  const ports = createApprovalPorts(store);
  const loop = worker ? startInboxWorker(ports.inbox) : undefined;
  const inbox: InboxPort = {
    async recordDelivery(delivery) {
      const outcome = await ports.inbox.recordDelivery(delivery);
      if (outcome === 'accepted') loop?.wake();
      return outcome;
    },
    isRecorded: (delivery) => ports.inbox.isRecorded(delivery),
  };
  // The serve logger as configured by default (level info, redaction, scrubbing), writing to /dev/null.
  const destination = pino.destination({ dest: '/dev/null', sync: true });
  const app = createApp({
    inbox,
    webhookSecrets: [SECRET],
    automationSecret: undefined,
    bodyLimitBytes: 256 * 1024,
    logger: createLogger({
      level: 'info',
      scrub: createScrubber([SECRET]),
      destination: destination as unknown as NodeJS.WritableStream,
    }),
    now: () => new Date(),
    readiness: { pingStore: () => store.ping(), configLoaded: () => true },
    metrics: createMetrics(),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    rows: async () => {
      const row = await store.db
        .selectFrom('inbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    workerDone: async () => {
      const row = await store.db
        .selectFrom('inbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await loop?.stop();
      await store.close();
      destination.end();
    },
  };
}

/** Stats a server process reports: its CPU time so far (ms), inbox rows, deliveries the worker completed. */
interface ServerStats {
  cpuMs: number;
  rows: number;
  workerDone: number;
}

/** Forks bench/webhook-server-process.ts running `kind`; resolves once it listens. */
async function startServerProcess(
  kind: WebhookServer,
  dir: string,
  worker: boolean,
): Promise<{ port: number; stats: () => Promise<ServerStats>; close: () => Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./webhook-server-process.ts', import.meta.url)), [
    kind,
    dir,
    ...(worker ? ['worker'] : []),
  ]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(message as T));
      child.once('exit', (code) => reject(new Error(`webhook server process exited (${code})`)));
    });
  const { port } = await next<{ port: number }>();
  return {
    port,
    stats: async () => {
      const reply = next<ServerStats>();
      child.send('stats');
      return await reply;
    },
    close: async () => {
      child.send('close');
      await exited;
    },
  };
}

/**
 * Runs one mix for `durationS` seconds (≤ 10) with `connections` connections against a fresh server and
 * store; with `worker`, lakewarden runs its inbox worker meanwhile (the bare server has none).
 * @returns the measured numbers (latency from autocannon's histogram, ms).
 */
export async function benchWebhookMix(
  mix: WebhookMix,
  server: WebhookServer,
  options: { durationS: number; connections: number; worker?: boolean },
): Promise<WebhookMixResult> {
  const durationS = Math.min(10, options.durationS);
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-webhook-'));
  const worker = server === 'lakewarden' && options.worker === true;
  const running = await startServerProcess(server, dir, worker);
  let counter = 0;
  const kindOf = (n: number): Exclude<WebhookMix, 'mixed'> =>
    mix === 'mixed' ? ((['valid', 'duplicate', 'invalid'] as const)[n % 3] ?? 'valid') : mix;
  const load = (limit: { duration: number } | { amount: number }) =>
    autocannon({
      url: `http://127.0.0.1:${running.port}`,
      connections: options.connections,
      ...limit,
      requests: [
        {
          method: 'POST',
          path: PATH,
          body,
          setupRequest: (request) => {
            const n = counter++;
            const kind = kindOf(n);
            return {
              ...request,
              headers: {
                'content-type': 'application/json',
                'x-atlassian-webhook-identifier': kind === 'valid' ? `bench-${n}` : 'bench-duplicate',
                'x-hub-signature': kind === 'invalid' ? badSignature : goodSignature,
              },
            };
          },
        },
      ],
    });
  try {
    // A warm-up, not measured, so neither server is timed while V8 compiles its request path.
    await load({ amount: WARM_UP_REQUESTS });
    const before = await running.stats();
    const result = await load({ duration: durationS });
    const after = await running.stats();
    const statuses: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
    return {
      mix,
      worker,
      durationS,
      connections: options.connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      statuses,
      errors: result.errors,
      rowsStored: after.rows,
      workerDone: after.workerDone,
      cpuUsPerRequest: ((after.cpuMs - before.cpuMs) * 1000) / Math.max(1, result.requests.total),
    };
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One mix measured on both servers over the rounds: medians of req/s and p99, and the last run of each. */
export interface WebhookComparison {
  mix: WebhookMix;
  worker: boolean;
  rounds: number;
  lakewarden: WebhookMixResult;
  bare: WebhookMixResult;
  rps: { lakewarden: number; bare: number };
  p99: { lakewarden: number; bare: number };
  /** Server CPU per request, µs (medians). */
  cpu: { lakewarden: number; bare: number };
}

/** Targets as ratios to the bare server (issue #17). */
export const WEBHOOK_TARGET = { rps: 0.8, p99: 1.5 } as const;

/** The markdown block for docs/benchmarks.md. */
export function renderWebhookSection(
  results: readonly WebhookComparison[],
  machine: string,
  date: string,
  loadAverage: number,
): string {
  const rows = results.map((c) => {
    const r = c.lakewarden;
    const statuses = Object.entries(r.statuses)
      .map(([code, count]) => `${code}: ${count.toLocaleString('en-US')}`)
      .join(', ');
    const label = c.worker ? `${c.mix}, worker on` : c.mix;
    const done = c.worker ? r.workerDone.toLocaleString('en-US') : '–';
    return `| ${label} | ${(c.rps.lakewarden / c.rps.bare).toFixed(2)}× | ${(c.p99.lakewarden / Math.max(1, c.p99.bare)).toFixed(2)}× | ${Math.round(c.rps.lakewarden).toLocaleString('en-US')} | ${Math.round(c.rps.bare).toLocaleString('en-US')} | ${c.p99.lakewarden} | ${c.p99.bare} | ${(c.cpu.lakewarden / Math.max(1, c.cpu.bare)).toFixed(2)}× | ${Math.round(c.cpu.lakewarden)} | ${Math.round(c.cpu.bare)} | ${r.p50Ms} | ${r.maxMs} | ${statuses} | ${r.errors} | ${r.rowsStored.toLocaleString('en-US')} | ${done} |`;
  });
  const missed = results.filter(
    (c) =>
      c.rps.lakewarden < WEBHOOK_TARGET.rps * c.rps.bare ||
      c.p99.lakewarden > WEBHOOK_TARGET.p99 * Math.max(1, c.p99.bare),
  );
  const first = results[0];
  return [
    '## Webhook acknowledgement (POST /webhooks/jira) against a bare express + HMAC + SQLite server',
    '',
    `Measured by \`npm run bench\` (\`bench/webhook-ack.ts\`) on ${date}: ${machine}.`,
    '',
    'autocannon on loopback, the same load against two servers, each in its own process, in alternating rounds (medians of ' +
      `${first?.rounds ?? 0} rounds of ${first?.lakewarden.durationS ?? 0} s × ${first?.lakewarden.connections ?? 0} connections per mix, after ${WARM_UP_REQUESTS} warm-up requests):`,
    "lakewarden's express app (raw body, HMAC-SHA256 check, envelope parse, dedupe and persist in the durable inbox of",
    'a SQLite store, Prometheus metrics, the serve logger at its default level `info` with redaction, to /dev/null)',
    'and the floor, `bench/bare-webhook-server.ts` (raw body, HMAC, JSON.parse, one prepared INSERT … ON CONFLICT, no',
    'logging). Both commit every stored delivery with WAL and `synchronous = FULL`: a 202 tells Jira not to retry, so',
    'the delivery must be on disk before the answer (NORMAL could lose the last commits to a power cut). Mixes: `valid`',
    '= a new delivery id per request (202, one inbox row each); `duplicate` = one id (one 202, then 200 "duplicate");',
    '`invalid` = wrong signature (401, nothing stored, at most one `warn` line per 10 s, with the count); `mixed` = the three in turn. Targets:',
    `req/s ≥ ${WEBHOOK_TARGET.rps}× the bare server, p99 ≤ ${WEBHOOK_TARGET.p99}× its p99. ${
      missed.length === 0
        ? 'Every mix met both.'
        : `Missed for ${missed.map((c) => (c.worker ? `${c.mix} with the worker` : c.mix)).join(', ')}.`
    }`,
    `The machine is shared (1-minute load average ${loadAverage.toFixed(2)} on ${cpus().length} cores when the run`,
    'started): absolute numbers swing between runs, the ratios less; "CPU/req" (user + system CPU time of the server',
    'process during the run, per request) depends least on what else runs. Rows "worker on": lakewarden also runs its',
    'inbox worker on the same store and event loop (runInboxBatch: one commit claims up to 16 deliveries, each is',
    'parsed after a yield to the event loop, one commit completes them; the Jira re-fetch is replaced by one more',
    'yield, so the worker writes as fast as the store lets it); the bare',
    'server has no worker. "Worker done": deliveries the worker had completed when the load stopped. Statuses count',
    "the measured run; inbox rows include the warm-up's.",
    'A redelivery (same id, same bytes as a stored delivery) is answered from one indexed read before the body is',
    'parsed; the bare server parses the body and runs its INSERT for every delivery, so lakewarden can beat it on',
    '`duplicate`.',
    '',
    '| Mix | Req/s vs bare | p99 vs bare | Req/s | Bare req/s | p99 (ms) | Bare p99 (ms) | CPU/req vs bare | CPU/req (µs) | Bare CPU/req (µs) | p50 (ms) | Max (ms) | Statuses | Errors | Inbox rows | Worker done |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Runs every mix on both servers in alternating rounds and (unless `write` is false) replaces the webhook block of `out`. */
export async function runWebhookBench(options: {
  durationS: number;
  connections: number;
  rounds: number;
  out: string;
  write: boolean;
  /** Rows to run, in this order; default {@link WEBHOOK_CASES}. */
  cases?: readonly WebhookCase[];
}): Promise<WebhookComparison[]> {
  const load = loadavg()[0] ?? 0;
  const results: WebhookComparison[] = [];
  for (const { mix, worker } of options.cases ?? WEBHOOK_CASES) {
    const runs: Record<WebhookServer, WebhookMixResult[]> = { lakewarden: [], bare: [] };
    for (let i = 0; i < options.rounds; i++) {
      // Alternate which server goes first, so neither always follows the other's fsync backlog.
      const order: WebhookServer[] = i % 2 === 0 ? ['bare', 'lakewarden'] : ['lakewarden', 'bare'];
      for (const server of order) runs[server].push(await benchWebhookMix(mix, server, { ...options, worker }));
    }
    const last = (list: WebhookMixResult[]) => list[list.length - 1] as WebhookMixResult;
    results.push({
      mix,
      worker,
      rounds: options.rounds,
      lakewarden: last(runs.lakewarden),
      bare: last(runs.bare),
      rps: {
        lakewarden: median(runs.lakewarden.map((r) => r.requestsPerSecond)),
        bare: median(runs.bare.map((r) => r.requestsPerSecond)),
      },
      p99: { lakewarden: median(runs.lakewarden.map((r) => r.p99Ms)), bare: median(runs.bare.map((r) => r.p99Ms)) },
      cpu: {
        lakewarden: median(runs.lakewarden.map((r) => r.cpuUsPerRequest)),
        bare: median(runs.bare.map((r) => r.cpuUsPerRequest)),
      },
    });
  }
  const section = renderWebhookSection(results, describeMachine(), new Date().toISOString().slice(0, 10), load);
  process.stdout.write(`${section}\n`);
  if (options.write) await writeBenchSection(options.out, section, 'webhook');
  return results;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string', default: '20' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)) },
      'no-write': { type: 'boolean', default: false },
      mix: { type: 'string', multiple: true },
      worker: { type: 'boolean', default: false },
    },
  });
  const mixes = (values.mix ?? []).flatMap((m) => m.split(','));
  const unknown = mixes.filter((m) => !WEBHOOK_MIXES.includes(m as WebhookMix));
  if (unknown.length > 0) throw new Error(`unknown --mix ${unknown.join(', ')} (one of ${WEBHOOK_MIXES.join(', ')})`);
  await runWebhookBench({
    durationS: Number(values.duration ?? (values.quick ? '2' : '5')),
    connections: Number(values.connections),
    rounds: Number(values.rounds ?? (values.quick ? '1' : '2')),
    out: values.out,
    // A partial run never replaces the table: it would drop the other rows.
    write: !values['no-write'] && !values.quick && mixes.length === 0 && !values.worker,
    ...(mixes.length > 0 || values.worker
      ? {
          cases: (mixes.length > 0 ? (mixes as WebhookMix[]) : WEBHOOK_MIXES).map((mix) => ({
            mix,
            worker: values.worker,
          })),
        }
      : {}),
  });
}
