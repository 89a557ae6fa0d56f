import { AuthenticationError, ExternalServiceError } from '../../errors.ts';
import { DatabricksPermissionError } from '../errors.ts';

/** What the runner knows about the failed statement's connection, for a hint that matches the cause. */
export interface SqlErrorContext {
  /** Workspace host as configured (URL, may carry a port). */
  host: string;
  warehouseId: string;
  /** The environment variables to fix when credentials are rejected (TokenProvider.credentialNames). */
  credentialNames: string;
  /** STATEMENT_TIMEOUT of the session, seconds. */
  statementTimeoutSeconds: number;
}

/** Why a statement failed, as far as the driver's error tells. */
export type SqlFailureCause =
  | 'permission'
  | 'schema-missing'
  | 'column-missing'
  | 'warehouse-unavailable'
  | 'network'
  | 'tls'
  | 'credentials'
  | 'timeout'
  | 'other';

/**
 * A registered statement failed on the SQL warehouse for a reason that is not a grant or a credential. `statement`
 * is the registry name, `errorClass` the server's error class (e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`) or the
 * transport's code (`ECONNREFUSED`, `HTTP 503`), `cause` the classified reason. The message never holds query text.
 */
export class DatabricksSqlError extends ExternalServiceError {
  readonly statement: string;
  readonly errorClass: string;
  readonly failure: SqlFailureCause;
  constructor(statement: string, errorClass: string, failure: SqlFailureCause, message: string, cause: unknown) {
    super('databricks', message, { cause });
    this.statement = statement;
    this.errorClass = errorClass;
    this.failure = failure;
  }
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_(GET|VERIFY)_|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_|ERR_SSL_|EPROTO)/;
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const PERMISSION = /^(INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED)\b/;
const NOT_FOUND = /^(TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|CATALOG_NOT_FOUND)\b/;
const TIMEOUT = /TIMEOUT|TIMED_OUT|timed out/i;
const UNAVAILABLE = /TEMPORARILY_UNAVAILABLE|has not been initialized|RESOURCE_EXHAUSTED|WAREHOUSE_(STOPPED|STARTING)/;

/** Reads a property of an unknown error object. */
function prop(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The server's message without query text: Databricks error messages put the statement after a `== SQL ==`
 * line (https://docs.databricks.com/en/error-messages/index.html), so everything from the first `==` line on is
 * dropped, lines are joined and the result is capped at 300 characters.
 */
function serverMessage(text: string): string {
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*==/.test(line)) break;
    kept.push(line.trim());
  }
  const joined = kept.filter((l) => l !== '').join(' ');
  return joined.length > 300 ? `${joined.slice(0, 297)}…` : joined;
}

/** `[ERROR_CLASS] message` → class and message (https://docs.databricks.com/en/error-messages/index.html). */
function splitErrorClass(text: string): { errorClass: string | undefined; message: string } {
  const match = /^\s*(?:[\w.]+Exception:\s*)?(?:Error running query:\s*)?\[([A-Z][A-Z0-9_.]+)\]\s*([\s\S]*)$/.exec(
    text,
  );
  if (match?.[1] !== undefined) return { errorClass: match[1], message: serverMessage(match[2] ?? '') };
  const legacy = /\b([A-Z][A-Z_]{5,}(?:\.[A-Z_]+)?)\b/.exec(text)?.[1];
  return { errorClass: legacy, message: serverMessage(text) };
}

/** Follows wrapped errors (RetryError payloads, `cause`) to the innermost network error, if any. */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const code = prop(current, 'code');
    if (typeof code === 'string' && (DNS_CODES.has(code) || CONNECT_CODES.has(code) || TLS_CODES.test(code)))
      return code;
    const errno = prop(current, 'errno');
    if (typeof errno === 'string' && (DNS_CODES.has(errno) || CONNECT_CODES.has(errno))) return errno;
    current = prop(current, 'payload') ?? prop(current, 'cause');
  }
  return undefined;
}

const COLD_START = /has not been initialized|Max retry count exceeded|TEMPORARILY_UNAVAILABLE|503/;

/**
 * A just-started warehouse that is not ready yet (https://github.com/databricks/databricks-sql-nodejs#readme: "has not been initialized", 503 until the
 * driver's retries run out) — worth one more try. Network, DNS and TLS failures are not: the host is wrong or
 * unreachable, and the driver has already retried them.
 */
export function isColdStart(error: unknown): boolean {
  return networkCode(error) === undefined && COLD_START.test(String(prop(error, 'message') ?? error));
}

/** The HTTP response a driver error carries (THTTPException.response, RetryError.payload.response). */
function httpResponse(error: unknown): { status: number; reason: string | undefined } | undefined {
  const response = prop(error, 'response') ?? prop(prop(error, 'payload'), 'response');
  const status = prop(response, 'status') ?? prop(error, 'statusCode');
  if (typeof status !== 'number' || status === 200) return undefined;
  const headers = prop(response, 'headers') as { get?: (name: string) => string | null } | undefined;
  const reason = headers?.get?.('x-databricks-reason-phrase') ?? (prop(response, 'statusText') as string | undefined);
  return { status, reason: reason === undefined || reason === null || reason === '' ? undefined : reason };
}

/** The system schema a registered statement reads first (`system.billing`), for the grant hint. */
function schemaOf(sql: string | undefined, message: string): string {
  const fromMessage = /system[`'".]+([a-z_]+)/i.exec(message)?.[1];
  const fromSql = sql === undefined ? undefined : /\bsystem\.([a-z_]+)\./.exec(sql)?.[1];
  return `system.${fromMessage ?? fromSql ?? '<schema>'}`;
}

/**
 * Maps a @databricks/sql failure of one registered statement to one line naming the statement, the server's error
 * class and message (never query text: see serverMessage) and a hint for the cause:
 * - permission (INSUFFICIENT_PERMISSIONS / PERMISSION_DENIED) → DatabricksPermissionError, the GRANTs to run;
 * - missing system schema or table (TABLE_OR_VIEW_NOT_FOUND / SCHEMA_NOT_FOUND on system.*) → how to enable it
 *   (https://docs.databricks.com/en/admin/system-tables/index.html);
 * - warehouse stopped or starting (HTTP 503/429 after the driver's retries, TEMPORARILY_UNAVAILABLE);
 * - network, DNS and TLS errors (node error codes) → DATABRICKS_HOST, port, proxy or CA;
 * - rejected credentials (HTTP 401/403 on the Thrift endpoint) → AuthenticationError `HTTP 403: invalid access token`;
 * - statement timeout (TIMEDOUT_STATE or a timeout error class) → STATEMENT_TIMEOUT;
 * - a column missing in this workspace (UNRESOLVED_COLUMN);
 * anything else keeps the class and message. Errors already typed by lakewarden pass through.
 */
export function toSqlError(
  statement: string,
  sql: string | undefined,
  error: unknown,
  context: SqlErrorContext,
): Error {
  if (error instanceof ExternalServiceError) return error;
  const prefix = `SQL statement ${statement} failed`;
  const make = (failure: SqlFailureCause, errorClass: string, message: string, hint: string): Error => {
    const text = `${prefix}: ${errorClass}${message === '' ? '' : `: ${message}`} — ${hint}`;
    if (failure === 'permission') return new DatabricksPermissionError('databricks', text, { cause: error });
    if (failure === 'credentials') return new AuthenticationError('databricks', text, { cause: error });
    return new DatabricksSqlError(statement, errorClass, failure, text, error);
  };
  let host = context.host;
  try {
    host = new URL(context.host).host;
  } catch {
    // keep the configured text
  }

  const code = networkCode(error);
  if (code !== undefined) {
    if (TLS_CODES.test(code)) {
      return make(
        'tls',
        code,
        '',
        `the TLS certificate of ${host} is not trusted; behind a TLS-inspecting proxy add its CA with NODE_EXTRA_CA_CERTS`,
      );
    }
    if (DNS_CODES.has(code))
      return make('network', code, '', `cannot resolve ${host}: check DATABRICKS_HOST (the workspace URL)`);
    return make(
      'network',
      code,
      '',
      `cannot connect to ${host}: check DATABRICKS_HOST (host and port), the network and any proxy`,
    );
  }

  const http = httpResponse(error);
  if (http !== undefined) {
    const reason = http.reason?.replace(/\.$/, '');
    // A reason phrase is said in lower case (`invalid access token`); an error code stays as it is.
    const said = reason === undefined || /^[A-Z0-9_]+$/.test(reason) ? reason : reason.toLowerCase();
    const described = said === undefined ? `HTTP ${http.status}` : `HTTP ${http.status}: ${said}`;
    if (http.status === 401 || http.status === 403) {
      return new AuthenticationError('databricks', `${prefix}: ${described} — check ${context.credentialNames}`, {
        cause: error,
        status: http.status,
      });
    }
    if (http.status === 404) {
      return make(
        'warehouse-unavailable',
        `HTTP 404`,
        reason ?? '',
        `no SQL warehouse ${context.warehouseId} on ${host}: check DATABRICKS_WAREHOUSE_ID`,
      );
    }
    if (http.status === 429 || http.status === 503 || http.status >= 500) {
      return make(
        'warehouse-unavailable',
        `HTTP ${http.status}`,
        reason ?? '',
        `SQL warehouse ${context.warehouseId} is stopped, starting or overloaded: start it (or let lakewarden start it) and retry`,
      );
    }
  }

  const response = prop(error, 'response');
  const display = prop(response, 'displayMessage') ?? prop(error, 'message');
  const text = typeof display === 'string' ? display : String(error);
  const operationCode = prop(error, 'errorCode');
  const { errorClass, message } = splitErrorClass(text);
  const sqlState = prop(response, 'sqlState');
  const cls = errorClass ?? (typeof sqlState === 'string' && sqlState !== '' ? `SQLSTATE ${sqlState}` : 'SQL_ERROR');

  if (PERMISSION.test(cls)) {
    const schema = schemaOf(sql, message);
    return make(
      'permission',
      cls,
      message,
      `grant the principal USE CATALOG system, USE SCHEMA and SELECT on ${schema} (GRANT USE SCHEMA, SELECT ON SCHEMA ${schema} TO …; docs/security.md)`,
    );
  }
  if (NOT_FOUND.test(cls)) {
    const schema = schemaOf(sql, message);
    return make(
      'schema-missing',
      cls,
      message,
      `${schema} is not enabled in this metastore or not visible to the principal: an account admin enables it (databricks system-schemas enable <metastore-id> ${schema.slice('system.'.length)}; https://docs.databricks.com/en/admin/system-tables/index.html#enable-system-tables), then grant USE SCHEMA and SELECT on it`,
    );
  }
  if (operationCode === 'TIMEOUT' || TIMEOUT.test(cls)) {
    return make(
      'timeout',
      cls === 'SQL_ERROR' ? 'TIMEOUT' : cls,
      message,
      `the statement ran longer than STATEMENT_TIMEOUT (${context.statementTimeoutSeconds} s): collect a shorter window (--window) or use a larger warehouse`,
    );
  }
  if (UNAVAILABLE.test(cls) || UNAVAILABLE.test(text)) {
    return make(
      'warehouse-unavailable',
      cls,
      message,
      `SQL warehouse ${context.warehouseId} is stopped or starting: start it (or let lakewarden start it) and retry`,
    );
  }
  if (/^UNRESOLVED_COLUMN\b/.test(cls)) {
    return make(
      'column-missing',
      cls,
      message,
      'a column this statement reads is missing in this workspace (system tables change); run lakewarden doctor and report it',
    );
  }
  return make(
    'other',
    cls,
    message,
    'see the server message; lakewarden doctor checks each system table and statement',
  );
}
