import { z } from 'zod';

/** `server:` — the webhook server of `lakewarden serve`. Secrets come from the environment (webhook-secrets.ts). */
export const ServerSection = z
  .object({
    host: z
      .string()
      .min(1)
      .default('0.0.0.0')
      .describe(
        'Address `lakewarden serve` listens on: 0.0.0.0 (all IPv4 interfaces, for containers), :: (IPv4 and IPv6), or 127.0.0.1 behind a local reverse proxy.',
      ),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(25 * 1024 * 1024)
      .default(256 * 1024)
      .describe(
        'Largest accepted webhook body in bytes (413 above it, before any HMAC work). Jira payloads are 10–30 KB.',
      ),
    automation: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Accept Jira Automation "Send web request" calls on POST /webhooks/jira/automation, authenticated by the X-Lakewarden-Secret header (LAKEWARDEN_AUTOMATION_SECRET).',
          ),
      })
      .prefault({}),
  })
  .prefault({});
export type ServerSection = z.infer<typeof ServerSection>;
