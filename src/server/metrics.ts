import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What a webhook delivery came to (label `outcome` of `lakewarden_webhook_deliveries_total`). */
export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'invalid_signature'
  | 'bad_request'
  | 'store_unavailable';

/** Levels read from the store at scrape time. */
export interface StoreLevels {
  inboxPending: number;
  outboxPending: number;
  /** Action count per state. */
  actionsByState: Record<string, number>;
}

/** One HTTP call to Jira or Databricks (one attempt), as seen at the adapter's single call point. */
export interface ExternalCall {
  service: 'jira' | 'databricks';
  /** Bounded label: a Jira operation name or `METHOD /api/path` with ids replaced by `:id`. */
  endpoint: string;
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  status: number;
  /** Latency of the attempt, seconds. */
  seconds: number;
  /** True when this attempt is a retry of a previous one. */
  retry: boolean;
}

/** The port the adapters report calls to (injected; a no-op when metrics are off). */
export interface CallMetricsPort {
  call(call: ExternalCall): void;
}

/** A finished scan as the metrics see it. */
export interface ScanMetric {
  outcome: 'succeeded' | 'failed' | 'timed_out';
  seconds: number;
  /** Findings of the run by rule and severity (replaces the previous run's gauge values). */
  findings: ReadonlyArray<{ ruleId: string; severity: string }>;
}

/** Levels read from the store at scrape time that are not approval backlog: savings and actions by strategy. */
export interface ServiceLevels {
  /** Sum of estimated monthly savings of open findings, USD. */
  estimatedUsdPerMonth: number;
  /** Sum of verified savings measured so far, USD per month. */
  verifiedUsdPerMonth: number;
  actionsByStrategy: ReadonlyArray<{ strategy: string; state: string; count: number }>;
}

/** The Prometheus metrics of `lakewarden serve` (one registry per app, so tests do not share state). */
export interface Metrics extends CallMetricsPort {
  registry: Registry;
  webhook(outcome: WebhookOutcome): void;
  /** An approval delivery processed by the worker (`executed`, `duplicate`, `refused`, `ignored`, `error`). */
  approval(outcome: string): void;
  /** A scheduled job run ended (`succeeded`, `failed`, `timed_out`, `skipped`). */
  job(name: string, outcome: string, seconds: number): void;
  scan(scan: ScanMetric): void;
  /** Sets the service levels read at scrape time. */
  readServiceLevels(read: () => Promise<ServiceLevels>): void;
  /** Sets (or replaces) the inbox/outbox/actions levels read at scrape time. */
  readStoreLevels(read: () => Promise<StoreLevels>): void;
}

/**
 * Shares one in-flight read between concurrent callers (the gauges of one scrape); a failed read yields
 * undefined so each gauge keeps its last value.
 */
function coalesce<T>(read: () => Promise<T | undefined>): () => Promise<T | undefined> {
  let inFlight: Promise<T | undefined> | undefined;
  return () => {
    inFlight ??= read()
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/**
 * Creates the registry (docs/operations.md lists every metric with suggested alerts):
 * `lakewarden_webhook_deliveries_total{outcome}` (a duplicate delivery increments
 * `outcome="duplicate"`), `lakewarden_approvals_total{outcome}`, and gauges read from the store on each
 * scrape: `lakewarden_inbox_pending`, `lakewarden_outbox_pending`, `lakewarden_actions{state}`. A failing
 * store read leaves the gauges at their last values. Scheduler: `lakewarden_job_runs_total{job,outcome}`,
 * `lakewarden_job_duration_seconds{job}`; scans: `lakewarden_scans_total{outcome}`,
 * `lakewarden_scan_duration_seconds{outcome}`, `lakewarden_findings{rule,severity}`; adapters:
 * `lakewarden_external_calls_total{service,endpoint,status}`, `lakewarden_external_call_duration_seconds`,
 * `lakewarden_external_rate_limited_total{service}`, `lakewarden_external_retries_total{service}`; savings and
 * actions from the store at scrape time: `lakewarden_estimated_savings_usd_per_month`,
 * `lakewarden_verified_savings_usd_per_month`, `lakewarden_actions_by_strategy{strategy,state}`.
 */
export function createMetrics(initialLevels?: () => Promise<StoreLevels>): Metrics {
  let levels = initialLevels;
  const registry = new Registry();
  // Process metrics (CPU, resident memory, open fds, heap, event-loop lag, GC) as every Node service exposes them:
  // https://github.com/siimon/prom-client#default-metrics
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'lakewarden_webhook_deliveries_total',
    help: 'Webhook deliveries by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const approvals = new Counter({
    name: 'lakewarden_approvals_total',
    help: 'Inbox deliveries processed by the approval worker, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Each gauge reads the store in its own collect(); the registry collects concurrently, so one read per scrape
  // is shared. A failing read leaves the gauges at their last values (/readyz reports the store).
  const storeNow = coalesce(async () => (levels === undefined ? undefined : await levels()));
  new Gauge({
    name: 'lakewarden_actions',
    help: 'Actions by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const now = await storeNow();
      for (const [state, count] of Object.entries(now?.actionsByState ?? {})) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'lakewarden_inbox_pending',
    help: 'Deliveries waiting.',
    registers: [registry],
    async collect() {
      const now = await storeNow();
      if (now !== undefined) this.set(now.inboxPending);
    },
  });
  new Gauge({
    name: 'lakewarden_outbox_pending',
    help: 'Jira writes waiting.',
    registers: [registry],
    async collect() {
      const now = await storeNow();
      if (now !== undefined) this.set(now.outboxPending);
    },
  });
  const jobs = new Counter({
    name: 'lakewarden_job_runs_total',
    help: 'Scheduled job runs by job and outcome (succeeded, failed, timed_out, skipped).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'lakewarden_job_duration_seconds',
    help: 'Duration of scheduled job runs, seconds.',
    labelNames: ['job'] as const,
    buckets: [0.1, 1, 5, 30, 60, 300, 900, 1800, 3600, 7200],
    registers: [registry],
  });
  const scans = new Counter({
    name: 'lakewarden_scans_total',
    help: 'Scans by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const scanSeconds = new Histogram({
    name: 'lakewarden_scan_duration_seconds',
    help: 'Scan duration (collection, evaluation and Jira sync), seconds.',
    labelNames: ['outcome'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers: [registry],
  });
  const findings = new Gauge({
    name: 'lakewarden_findings',
    help: 'Findings of the last successful scan by rule and severity.',
    labelNames: ['rule', 'severity'] as const,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'lakewarden_external_calls_total',
    help: 'HTTP calls (attempts) to Jira and Databricks by service, endpoint and status (0 = no response).',
    labelNames: ['service', 'endpoint', 'status'] as const,
    registers: [registry],
  });
  const callSeconds = new Histogram({
    name: 'lakewarden_external_call_duration_seconds',
    help: 'Latency of HTTP calls to Jira and Databricks, seconds.',
    labelNames: ['service', 'endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'lakewarden_external_rate_limited_total',
    help: 'HTTP 429 answers from Jira and Databricks.',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'lakewarden_external_retries_total',
    help: 'Retried HTTP calls to Jira and Databricks.',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  let serviceLevels: (() => Promise<ServiceLevels>) | undefined;
  const serviceNow = coalesce(async () => (serviceLevels === undefined ? undefined : await serviceLevels()));
  new Gauge({
    name: 'lakewarden_actions_by_strategy',
    help: 'Actions by strategy and state (outcome).',
    labelNames: ['strategy', 'state'] as const,
    registers: [registry],
    async collect() {
      const now = await serviceNow();
      for (const row of now?.actionsByStrategy ?? []) this.set({ strategy: row.strategy, state: row.state }, row.count);
    },
  });
  new Gauge({
    name: 'lakewarden_estimated_savings_usd_per_month',
    help: 'Estimated monthly savings of open findings, USD.',
    registers: [registry],
    async collect() {
      const now = await serviceNow();
      if (now !== undefined) this.set(now.estimatedUsdPerMonth);
    },
  });
  new Gauge({
    name: 'lakewarden_verified_savings_usd_per_month',
    help: 'Verified savings measured from billing, USD per month.',
    registers: [registry],
    async collect() {
      const now = await serviceNow();
      if (now !== undefined) this.set(now.verifiedUsdPerMonth);
    },
  });
  return {
    registry,
    webhook: (outcome) => deliveries.inc({ outcome }),
    approval: (outcome) => approvals.inc({ outcome }),
    job(name, outcome, seconds) {
      jobs.inc({ job: name, outcome });
      if (outcome !== 'skipped') jobSeconds.observe({ job: name }, seconds);
    },
    scan(scan) {
      scans.inc({ outcome: scan.outcome });
      scanSeconds.observe({ outcome: scan.outcome }, scan.seconds);
      if (scan.outcome !== 'succeeded') return;
      findings.reset();
      for (const f of scan.findings) findings.inc({ rule: f.ruleId, severity: f.severity });
    },
    call(call) {
      calls.inc({ service: call.service, endpoint: call.endpoint, status: String(call.status) });
      callSeconds.observe({ service: call.service, endpoint: call.endpoint }, call.seconds);
      if (call.status === 429) rateLimited.inc({ service: call.service });
      if (call.retry) retries.inc({ service: call.service });
    },
    readServiceLevels(read) {
      serviceLevels = read;
    },
    readStoreLevels(read) {
      levels = read;
    },
  };
}
