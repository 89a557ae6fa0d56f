import { AuthenticationError, ExternalServiceError } from '../errors.ts';

/**
 * A Databricks REST call answered with an error (https://github.com/databricks/databricks-sdk-go/blob/main/apierr/errors.go,
 * https://docs.databricks.com/api/workspace/introduction). `status` is the HTTP status, `errorCode` the
 * body's `error_code` (or the legacy/SCIM/plain-text equivalent, `UNKNOWN` when none). The body's `message`
 * may echo request content: it is kept in `detail`, not in `message`.
 */
export class DatabricksApiError extends ExternalServiceError {
  readonly errorCode: string;
  readonly detail: string;
  readonly endpoint: string;
  constructor(endpoint: string, status: number, errorCode: string, detail: string, options?: { cause?: unknown }) {
    super('databricks', `Databricks ${endpoint} failed: HTTP ${status} ${errorCode}`, { ...options, status });
    this.endpoint = endpoint;
    this.errorCode = errorCode;
    this.detail = detail;
  }
}

/** The resource does not exist (404, or 400 "… does not exist" on clusters/get and jobs/get: https://github.com/databricks/databricks-sdk-go/blob/main/apierr/errors.go). */
export class DatabricksNotFoundError extends DatabricksApiError {}

/** The principal lacks a permission or grant (403 PERMISSION_DENIED, or a SQL "insufficient privileges"). */
export class DatabricksPermissionError extends AuthenticationError {}

/** A statement outside the registry (src/databricks/sql/statements.ts) was asked for; nothing was sent. */
export class MetadataBoundaryError extends ExternalServiceError {
  constructor(message: string) {
    super('databricks', message);
  }
}

/**
 * One collector failed; `collector` names it. The whole collection fails (never a thinner snapshot). A SQL
 * statement's error already names the statement (`SQL statement <name> failed: …`) and is kept as it is.
 */
export class CollectorError extends ExternalServiceError {
  readonly collector: string;
  constructor(collector: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const named = reason.startsWith(`SQL statement ${collector} failed`);
    super('databricks', named ? reason : `collector ${collector} failed: ${reason}`, {
      cause,
      ...(cause instanceof ExternalServiceError && cause.status !== undefined ? { status: cause.status } : {}),
    });
    this.collector = collector;
  }
}

/**
 * The SQL warehouse is stopped and lakewarden was not allowed to start it (`doctor` without
 * `--start-warehouse`, collection without `databricks.startWarehouse: true`, or the kill switch is on).
 * Nothing was started; `state` is the warehouse state read.
 */
export class WarehouseNotRunningError extends ExternalServiceError {
  readonly warehouseId: string;
  readonly state: string;
  constructor(warehouseId: string, state: string, message: string) {
    super('databricks', message);
    this.warehouseId = warehouseId;
    this.state = state;
  }
}
