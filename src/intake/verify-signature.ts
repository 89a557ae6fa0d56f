import { createHmac, timingSafeEqual } from 'node:crypto';

/** Outcome of checking `X-Hub-Signature`: which configured secret matched, or why none did. */
export type SignatureCheck =
  | { ok: true; secretIndex: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Verifies a Jira admin-webhook signature (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks, https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries).
 *
 * - `header` must be `sha256=<64 hex>` (32 bytes); `sha1=`, other prefixes, wrong length or non-hex → malformed.
 * - The HMAC-SHA256 is computed over the RAW request bytes for every configured secret (rotation, as https://github.com/octokit/webhooks-methods.js verifyWithFallback does)
 *   and compared with `crypto.timingSafeEqual` on two 32-byte buffers; the loop never exits early.
 * - Returns the index of the (first) matching secret so operators can retire an old one; never the secret.
 * @throws Error when `secrets` is empty: the server must refuse to start instead (assert-can-start.ts).
 */
export function verifySignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secrets: readonly string[],
): SignatureCheck {
  if (secrets.length === 0) throw new Error('no webhook secret configured');
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const match = SIGNATURE.exec(header.trim());
  const hex = match?.[1];
  if (hex === undefined) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(hex, 'hex');
  let matched = -1;
  for (const [index, secret] of secrets.entries()) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    const equal = given.length === expected.length && timingSafeEqual(given, expected);
    if (equal && matched < 0) matched = index;
  }
  return matched >= 0 ? { ok: true, secretIndex: matched } : { ok: false, reason: 'mismatch' };
}

/** Constant-time comparison of two shared-secret strings (Automation header); false on any length mismatch. */
export function secretsEqual(candidate: string | undefined, configured: string): boolean {
  if (candidate === undefined) return false;
  // Hashing both sides gives equal-length buffers, so timingSafeEqual never throws or leaks the length.
  const a = createHmac('sha256', 'lakewarden-compare').update(candidate).digest();
  const b = createHmac('sha256', 'lakewarden-compare').update(configured).digest();
  return timingSafeEqual(a, b);
}

/** Signs `rawBody` the way Jira does (`sha256=<hex>`); used by the local simulator and tests. */
export function signBody(rawBody: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
