import { Counter, Gauge, Registry } from 'prom-client';

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

/** The Prometheus metrics of `lakewarden serve` (one registry per app, so tests do not share state). */
export interface Metrics {
  registry: Registry;
  webhook(outcome: WebhookOutcome): void;
  /** An approval delivery processed by the worker (`executed`, `duplicate`, `refused`, `ignored`, `error`). */
  approval(outcome: string): void;
}

/**
 * Creates the registry: `lakewarden_webhook_deliveries_total{outcome}` (a duplicate delivery increments
 * `outcome="duplicate"`), `lakewarden_approvals_total{outcome}`, and gauges read from the store on each
 * scrape: `lakewarden_inbox_pending`, `lakewarden_outbox_pending`, `lakewarden_actions{state}`. A failing
 * store read leaves the gauges at their last values.
 */
export function createMetrics(levels?: () => Promise<StoreLevels>): Metrics {
  const registry = new Registry();
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
  const inbox = new Gauge({ name: 'lakewarden_inbox_pending', help: 'Deliveries waiting.', registers: [registry] });
  const outbox = new Gauge({ name: 'lakewarden_outbox_pending', help: 'Jira writes waiting.', registers: [registry] });
  new Gauge({
    name: 'lakewarden_actions',
    help: 'Actions by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (levels === undefined) return;
      try {
        const now = await levels();
        inbox.set(now.inboxPending);
        outbox.set(now.outboxPending);
        for (const [state, count] of Object.entries(now.actionsByState)) this.set({ state }, count);
      } catch {
        // keep the last values; /readyz reports the store
      }
    },
  });
  return {
    registry,
    webhook: (outcome) => deliveries.inc({ outcome }),
    approval: (outcome) => approvals.inc({ outcome }),
  };
}
