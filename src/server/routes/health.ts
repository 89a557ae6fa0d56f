import { Router } from 'express';

/** What /readyz checks: the configuration was loaded, start-up finished (scheduler running), the store answers. */
export interface Readiness {
  pingStore(): Promise<void>;
  configLoaded(): boolean;
  /** False while `serve` is starting (checks, recovery, scheduler) and once it is stopping; absent = started. */
  started?: () => boolean;
}

/** `GET /healthz` (the process is alive: always 200) and `GET /readyz` (200 ready, else 503 with the failing check). */
export function createHealthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (!readiness.configLoaded()) {
      res.status(503).json({ status: 'not ready', failing: 'config' });
      return;
    }
    if (readiness.started?.() === false) {
      res.status(503).json({ status: 'not ready', failing: 'starting' });
      return;
    }
    try {
      await readiness.pingStore();
      res.status(200).json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready', failing: 'store' });
    }
  });
  return router;
}
