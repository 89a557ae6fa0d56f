import type { WorkspaceApi } from '../../../remediation/workspace-api.ts';
import type { TokenProvider } from '../../auth/token-provider.ts';
import { createHttpClient } from '../http-client.ts';
import { createRestWorkspaceApi } from './rest-workspace-api.ts';

/** The User-Agent of every remediation call, so workspace admins can find lakewarden's writes in audit logs. */
export function remediationUserAgent(version: string): string {
  return `lakewarden-remediation/${version} (+https://github.com/lakewarden/lakewarden)`;
}

/** Wires the WorkspaceApi for one workspace host over the one REST transport (reads and writes, one retry policy). */
export function createWorkspaceApi(options: {
  host: string;
  auth: TokenProvider;
  version: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  deadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}): WorkspaceApi {
  const userAgent = remediationUserAgent(options.version);
  const shared = {
    host: options.host,
    auth: options.auth,
    userAgent,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
  return createRestWorkspaceApi(createHttpClient(shared));
}
