import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { InboxPort } from '../../intake/inbox-port.ts';
import { mayBeApproval, mayBeAsk, mayBeSnooze, parseWebhook, type WebhookHint } from '../../intake/parse-webhook.ts';
import { secretsEqual, verifySignature } from '../../intake/verify-signature.ts';
import { createThrottledWarn } from '../../logging/throttled-warn.ts';
import type { Metrics } from '../metrics.ts';

/** At most one warn line per this many ms for rejected signatures or secrets (a flood stays cheap; counts kept). */
export const REJECTED_WARN_INTERVAL_MS = 10_000;

/** What the webhook routes need; `now` is injected for tests. */
export interface WebhookRouteDeps {
  inbox: InboxPort;
  /** JIRA_WEBHOOK_SECRET entries (≥ 1; assert-can-start.ts guarantees it). */
  webhookSecrets: readonly string[];
  /** LAKEWARDEN_AUTOMATION_SECRET; the automation route exists only when set. */
  automationSecret: string | undefined;
  bodyLimitBytes: number;
  logger: Logger;
  now: () => Date;
  /** `ai.askCommand` when AI is enabled: comments holding it are stored for the ask worker; undefined → ignored. */
  askCommand?: string | undefined;
  /** Counts outcomes (`lakewarden_webhook_deliveries_total`); optional. */
  metrics?: Pick<Metrics, 'webhook'>;
}

export const JIRA_WEBHOOK_PATH = '/webhooks/jira';
export const AUTOMATION_WEBHOOK_PATH = '/webhooks/jira/automation';

/** 415 unless the content type starts with application/json (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries). */
const requireJson: RequestHandler = (req, res, next) => {
  const type = (req.headers['content-type'] ?? '').trim().toLowerCase();
  if (!type.startsWith('application/json')) {
    res.status(415).json({ error: 'content type must be application/json' });
    return;
  }
  next();
};

const methodNotAllowed: RequestHandler = (_req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
};

function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON.parse + envelope validation; answers 400 itself and returns undefined on failure. */
function parseBody(text: string, source: WebhookHint['source'], res: Response): WebhookHint | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    res.status(400).json({ error: 'invalid JSON' });
    return undefined;
  }
  const parsed = parseWebhook(json, source);
  if (!parsed.ok) {
    res.status(400).json({ error: `invalid payload: ${parsed.error}` });
    return undefined;
  }
  return parsed.hint;
}

async function record(
  deps: WebhookRouteDeps,
  res: Response,
  delivery: { deliveryId: string; source: WebhookHint['source']; text: string; log: () => Logger },
): Promise<void> {
  try {
    const outcome = await deps.inbox.recordDelivery({
      deliveryId: delivery.deliveryId,
      source: delivery.source,
      receivedAt: deps.now().toISOString(),
      body: delivery.text,
    });
    answerRecorded(deps, res, outcome, delivery.log);
  } catch (error) {
    // 503 so Jira retries (it retries 5xx); nothing was acknowledged.
    delivery.log().error({ err: error }, 'Inbox unavailable');
    deps.metrics?.webhook('store_unavailable');
    res.status(503).json({ error: 'store unavailable, retry later' });
  }
}

/** The answer to a stored (202) or already stored (200 "duplicate") delivery, with its metric and debug line. */
function answerRecorded(
  deps: WebhookRouteDeps,
  res: Response,
  outcome: 'accepted' | 'duplicate',
  log: () => Logger,
): void {
  // Debug, not info: a line per request through redaction costs the acceptor more than the insert itself.
  if (deps.logger.isLevelEnabled('debug')) log().debug({ outcome }, 'webhook delivery recorded');
  deps.metrics?.webhook(outcome);
  if (outcome === 'duplicate') res.status(200).json({ status: 'duplicate' });
  else res.status(202).json({ status: 'accepted' });
}

/**
 * True when the inbox already holds this delivery id with the same source and byte-identical body: a redelivery
 * (Jira resends a delivery with the same identifier and body). Such a body was parsed and passed the filter when it
 * was stored, so the route answers 'duplicate' without parsing it again. One difference from the full path: the
 * filter also depends on `ai.askCommand`, so an ask comment stored while AI was on and redelivered after it was
 * turned off is answered 'duplicate' where the full path would say 'ignored' (200 either way, nothing stored).
 * A failing lookup is no answer: the caller takes the full path (400 / 200 ignored / 503, as without the lookup).
 */
async function isRedelivery(inbox: InboxPort, delivery: Parameters<InboxPort['isRecorded']>[0]): Promise<boolean> {
  try {
    return await inbox.isRecorded(delivery);
  } catch {
    return false;
  }
}

/**
 * `POST /webhooks/jira` (admin webhook, HMAC `X-Hub-Signature`) and, when a secret is configured,
 * `POST /webhooks/jira/automation` (shared secret `X-Lakewarden-Secret`). Pipeline (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries):
 * method → 405, content type → 415, size (express.raw limit) → 413 before HMAC, signature → 401,
 * redelivery (the header's id stored with the same bytes, {@link InboxPort.isRecorded}) → 200 duplicate, JSON/envelope → 400, delivery id (header, else derived from the changelog id or body), dedupe + persist → 202 / 200 duplicate / 503. The handler never
 * calls Jira or Databricks. Rejected signatures or secrets write at most one `warn` line per
 * {@link REJECTED_WARN_INTERVAL_MS}, carrying the count of those not written (throttled-warn.ts). Deliveries without a status change (or a new comment holding `/lakewarden snooze`
 * or, with AI on, the ask command) are answered 200 "ignored" and not stored.
 */
export function createWebhookRouter(deps: WebhookRouteDeps): Router {
  const router = Router();
  const raw = express.raw({ type: 'application/json', limit: deps.bodyLimitBytes });
  // At most one line per interval, with the count of the others; the metric counts each.
  const warnSignature = createThrottledWarn(deps.logger, 'Webhook signature rejected', REJECTED_WARN_INTERVAL_MS);
  const warnSecret = createThrottledWarn(deps.logger, 'Automation secret rejected', REJECTED_WARN_INTERVAL_MS);

  router.post(JIRA_WEBHOOK_PATH, requireJson, raw, async (req, res) => {
    const deliveryHeader = headerOf(req, 'x-atlassian-webhook-identifier');
    // The child logger is made only when a line is written (most requests write none).
    const log = onceOf(() => deps.logger.child({ deliveryId: deliveryHeader ?? null }));
    const body = rawBodyOf(req);
    const check = verifySignature(body, headerOf(req, 'x-hub-signature'), deps.webhookSecrets);
    if (!check.ok) {
      // Same fields as through the child logger, without making one (a flood of bad signatures stays cheap).
      warnSignature({ deliveryId: deliveryHeader ?? null, reason: check.reason });
      deps.metrics?.webhook('invalid_signature');
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    if (deps.logger.isLevelEnabled('debug'))
      log().debug({ secretIndex: check.secretIndex }, 'webhook signature verified');
    const text = body.toString('utf8');
    const header = deliveryHeader?.trim();
    if (header !== undefined && header !== '') {
      // A redelivery of a stored delivery is answered before the body is parsed (after the signature check).
      if (await isRedelivery(deps.inbox, { deliveryId: header, source: 'jira-webhook', body: text })) {
        answerRecorded(deps, res, 'duplicate', log);
        return;
      }
    }
    const hint = parseBody(text, 'jira-webhook', res);
    if (hint === undefined) {
      deps.metrics?.webhook('bad_request');
      return;
    }
    if (!mayBeApproval(hint) && !mayBeAsk(hint, deps.askCommand) && !mayBeSnooze(hint)) {
      deps.metrics?.webhook('ignored');
      res.status(200).json({ status: 'ignored' });
      return;
    }
    // Jira Cloud names each delivery (X-Atlassian-Webhook-Identifier, the same on its retries); Jira Data Center
    // documents no such header (https://confluence.atlassian.com/adminjiraserver/managing-webhooks-938846912.html),
    // so a delivery without one is keyed by its changelog id or the hash of its signed body: a resent delivery has
    // the same body and is a duplicate.
    const deliveryId = header === undefined || header === '' ? derivedDeliveryId('jira-webhook', hint, body) : header;
    await record(deps, res, { deliveryId, source: 'jira-webhook', text, log });
  });
  router.all(JIRA_WEBHOOK_PATH, methodNotAllowed);

  const automationSecret = deps.automationSecret;
  if (automationSecret !== undefined) {
    router.post(AUTOMATION_WEBHOOK_PATH, requireJson, raw, async (req, res) => {
      if (!secretsEqual(headerOf(req, 'x-lakewarden-secret'), automationSecret)) {
        warnSecret({});
        deps.metrics?.webhook('invalid_signature');
        res.status(401).json({ error: 'invalid secret' });
        return;
      }
      const body = rawBodyOf(req);
      const text = body.toString('utf8');
      const hint = parseBody(text, 'jira-automation', res);
      if (hint === undefined) {
        deps.metrics?.webhook('bad_request');
        return;
      }
      if (!mayBeApproval(hint)) {
        deps.metrics?.webhook('ignored');
        res.status(200).json({ status: 'ignored' });
        return;
      }
      const deliveryId = automationDeliveryId(hint, body);
      await record(deps, res, {
        deliveryId,
        source: 'jira-automation',
        text,
        log: onceOf(() => deps.logger.child({ deliveryId })),
      });
    });
    router.all(AUTOMATION_WEBHOOK_PATH, methodNotAllowed);
  }
  return router;
}

/** `make()` on the first call, the same value afterwards. */
function onceOf<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * Dedupe key of an Automation call (no delivery id is documented, https://support.atlassian.com/cloud-automation/docs/issue-data-jira-format-payload-for-send-web-request-action/):
 * `automation:<issueId>:<changelogId>` when the body names the changelog entry, else
 * `automation:<issueId>:<sha256 of the raw body>` (identical bodies are one delivery). Either way the
 * worker re-fetches the changelog and the action key makes one approval one action.
 */
export function automationDeliveryId(hint: WebhookHint, raw: Uint8Array): string {
  return derivedDeliveryId('automation', hint, raw);
}

/** `<prefix>:<issue id>:<changelog id, else sha256 of the body>`: a delivery key for a request that names none. */
function derivedDeliveryId(prefix: string, hint: WebhookHint, raw: Uint8Array): string {
  const identity = hint.changelogId ?? createHash('sha256').update(raw).digest('hex');
  return `${prefix}:${hint.issueId}:${identity}`;
}
