import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import express from 'express';

/**
 * The floor of bench/webhook-ack.ts: the least a durable webhook inbox can do on express — raw body, HMAC-SHA256 of
 * `X-Hub-Signature` compared in constant time, JSON.parse of the body, one prepared
 * `INSERT … ON CONFLICT (delivery_id) DO NOTHING RETURNING` into SQLite with the same durability as lakewarden's
 * store (WAL, `synchronous = FULL`: each acknowledged delivery is on disk before the answer). No logging, no
 * envelope checks, no metrics. Kept here, not in src/: it is a yardstick, not a product path.
 */
export async function startBareWebhookServer(
  dbPath: string,
  secret: string,
): Promise<{ port: number; rows: () => number; close: () => Promise<void> }> {
  const db = new BetterSqlite3(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS inbox (delivery_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL)',
  );
  const insert = db.prepare(
    'INSERT INTO inbox (delivery_id, received_at, body) VALUES (?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id',
  );
  const app = express();
  app.post('/webhooks/jira', express.raw({ type: 'application/json', limit: 256 * 1024 }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const given = Buffer.from(String(req.headers['x-hub-signature'] ?? '').replace(/^sha256=/, ''), 'hex');
    const expected = createHmac('sha256', secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    const text = body.toString('utf8');
    JSON.parse(text);
    const id = String(req.headers['x-atlassian-webhook-identifier'] ?? '');
    const stored = insert.get(id, new Date().toISOString(), text) !== undefined;
    if (stored) res.status(202).json({ status: 'accepted' });
    else res.status(200).json({ status: 'duplicate' });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    rows: () => (db.prepare('SELECT count(*) AS n FROM inbox').get() as { n: number }).n,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      db.close();
    },
  };
}
