import type { TokenProvider } from '../databricks/auth/token-provider.ts';

/** What the start-up reachability check found. */
export type DatabricksCheck = { ok: true; status: number } | { ok: false; reason: string };

/**
 * Start-up reachability check of the workspace (a warning for `serve`, never fatal: approvals and the outbox
 * keep working, and a stale Databricks outage must not block Jira intake). One GET of
 * `/api/2.0/preview/scim/v2/Me` with the configured credentials and a timeout; 2xx = reachable and
 * authenticated. The reason never contains the token (only the status or the error name and scrubbed text).
 */
export async function checkDatabricks(options: {
  host: string;
  auth: TokenProvider;
  fetch: typeof fetch;
  timeoutMs: number;
  scrub: (text: string) => string;
}): Promise<DatabricksCheck> {
  try {
    const token = await options.auth.token();
    const response = await options.fetch(new URL('/api/2.0/preview/scim/v2/Me', options.host), {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, reason: `HTTP ${response.status} from ${new URL(options.host).host}` };
  } catch (error) {
    return {
      ok: false,
      reason: options.scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    };
  }
}
