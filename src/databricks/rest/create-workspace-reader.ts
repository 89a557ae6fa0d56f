import type { TokenProvider } from '../auth/token-provider.ts';
import { createHttpClient, type HttpClientOptions, type RestCall } from './http-client.ts';
import { createRestWorkspaceReader } from './rest-workspace-reader.ts';
import type { WorkspaceReader } from './workspace-reader.ts';

/**
 * Wires the REST transport (User-Agent `lakewarden/<version>`) and the reader for one workspace host.
 * Returns the raw `call` too (doctor and ensureWarehouseRunning use it for warehouse start).
 */
export function createWorkspaceReader(
  options: { host: string; auth: TokenProvider; version: string } & Omit<
    HttpClientOptions,
    'host' | 'auth' | 'userAgent'
  >,
): { reader: WorkspaceReader; call: RestCall } {
  const { version, ...rest } = options;
  const { call } = createHttpClient({ ...rest, userAgent: `lakewarden/${version}` });
  return { reader: createRestWorkspaceReader(options.host, call), call };
}
