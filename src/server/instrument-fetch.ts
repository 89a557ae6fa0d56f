import type { CallMetricsPort } from './metrics.ts';

/** Replaces id-like path segments (digits, hex, uuids, Databricks cluster ids) so endpoint labels stay bounded. */
export function endpointLabel(method: string, path: string): string {
  const segments = path.split('/').map((s) => (/\d/.test(s) && s.length >= 4 ? ':id' : s));
  return `${method.toUpperCase()} ${segments.join('/')}`;
}

/**
 * Wraps `fetch` so every attempt the Databricks HTTP client makes (its one call point takes an injected
 * `fetch`) is reported to the metrics port: endpoint, status (0 = no response), latency, and whether it
 * follows a retryable failure of the same endpoint (counted as a retry). Nothing about the request body or headers is recorded.
 */
export function instrumentFetch(
  port: CallMetricsPort,
  options: { inner?: typeof fetch; now?: () => number } = {},
): typeof fetch {
  const inner = options.inner ?? fetch;
  const now = options.now ?? (() => performance.now());
  // Endpoints whose last attempt failed retryably (429, 503, no response): the client's next call to it is a retry.
  const pendingRetry = new Set<string>();
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const endpoint = endpointLabel(method, url.pathname);
    const started = now();
    const retry = pendingRetry.delete(endpoint);
    try {
      const response = await inner(input, init);
      if (response.status === 429 || response.status === 503) pendingRetry.add(endpoint);
      port.call({ service: 'databricks', endpoint, status: response.status, seconds: (now() - started) / 1000, retry });
      return response;
    } catch (error) {
      pendingRetry.add(endpoint);
      port.call({ service: 'databricks', endpoint, status: 0, seconds: (now() - started) / 1000, retry });
      throw error;
    }
  };
}
