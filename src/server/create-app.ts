import express, { type Express } from 'express';
import { createErrorMiddleware } from './error-middleware.ts';
import type { Metrics } from './metrics.ts';
import { createHealthRouter, type Readiness } from './routes/health.ts';
import { createWebhookRouter, type WebhookRouteDeps } from './routes/webhooks.ts';

/** Everything the HTTP app needs; main.ts builds it from the store, config and env. */
export interface AppDeps extends WebhookRouteDeps {
  readiness: Readiness;
  /** Serves `GET /metrics` (Prometheus text) when given. */
  metrics?: Metrics;
  /** False with `approvals.intake: poll`: the webhook routes are not served (404). Default true. */
  serveWebhooks?: boolean;
}

/**
 * The express app of `lakewarden serve`: webhook intake (unless `serveWebhooks` is false), health and readiness, 404 for anything else,
 * one error middleware. No global body parser: only the webhook routes read a body, as raw bytes.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // The webhook routes first: they carry the traffic, and express tries each mounted router in turn. No path is
  // served by two of these, so the order changes no answer.
  if (deps.serveWebhooks !== false) app.use(createWebhookRouter(deps));
  app.use(createHealthRouter(deps.readiness));
  const metrics = deps.metrics;
  if (metrics !== undefined) {
    app.get('/metrics', async (_req, res) => {
      res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(createErrorMiddleware(deps.logger));
  return app;
}
