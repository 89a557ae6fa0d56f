import { describe, expect, it } from 'vitest';
import { DatabricksPermissionError } from '../../../src/databricks/errors.ts';
import { DatabricksSqlError, toSqlError } from '../../../src/databricks/sql/sql-error.ts';
import { AuthenticationError, exitCodeFor } from '../../../src/errors.ts';

const context = {
  host: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443',
  warehouseId: 'ec58ee3772e8d305',
  credentialNames: 'DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET',
  statementTimeoutSeconds: 600,
};
const SQL = 'SELECT workspace_id FROM system.lakeflow.jobs';

/** The driver's OperationStateError shape: message = displayMessage, response = TGetOperationStatusResp. */
function operationError(displayMessage: string, errorCode = 'ERROR') {
  return Object.assign(new Error(displayMessage), {
    errorCode,
    response: { displayMessage, sqlState: '42703', errorMessage: `HiveSQLException: ${displayMessage}` },
  });
}

function networkError(code: string) {
  const cause = Object.assign(new Error(`request failed, reason: ${code}`), { type: 'system', code, errno: code });
  return Object.assign(new Error('Max retry count exceeded'), { errorCode: 'ATTEMPTS_EXCEEDED', payload: cause });
}

describe('toSqlError: one line naming the statement, the cause and its fix', () => {
  it('keeps the error class and message but never the statement text after == SQL ==', () => {
    const error = toSqlError(
      'jobs-latest',
      SQL,
      operationError(
        '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `paused` cannot be resolved. Did you mean one of the following? [`name`]. SQLSTATE: 42703; line 1 pos 7\n== SQL (line 1, position 8) ==\nSELECT secret_literal_42 FROM system.lakeflow.jobs\n       ^^^^^^',
      ),
      context,
    );
    expect(error).toBeInstanceOf(DatabricksSqlError);
    expect(error.message).toBe(
      'SQL statement jobs-latest failed: UNRESOLVED_COLUMN.WITH_SUGGESTION: A column, variable, or function parameter with name `paused` cannot be resolved. Did you mean one of the following? [`name`]. SQLSTATE: 42703; line 1 pos 7 — a column this statement reads is missing in this workspace (system tables change); run lakewarden doctor and report it',
    );
    expect(error.message).not.toContain('secret_literal_42');
  });

  it('PERMISSION_DENIED names the schema to grant', () => {
    const error = toSqlError(
      'jobs-latest',
      SQL,
      operationError('[PERMISSION_DENIED] User does not have USE SCHEMA on Schema system.lakeflow.'),
      context,
    );
    expect(error).toBeInstanceOf(DatabricksPermissionError);
    expect(error.message).toMatch(
      /— grant the principal USE CATALOG system, USE SCHEMA and SELECT on system\.lakeflow /,
    );
  });

  it('network, DNS and TLS codes inside the driver retry error name the host and port', () => {
    const refused = toSqlError('jobs-latest', SQL, networkError('ECONNREFUSED'), context);
    expect(refused.message).toBe(
      'SQL statement jobs-latest failed: ECONNREFUSED — cannot connect to dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443: check DATABRICKS_HOST (host and port), the network and any proxy',
    );
    expect(toSqlError('jobs-latest', SQL, networkError('ENOTFOUND'), context).message).toMatch(
      /ENOTFOUND — cannot resolve dbc-a1b2c3d4-e5f6\.cloud\.databricks\.com:8443: check DATABRICKS_HOST/,
    );
    const tls = toSqlError('jobs-latest', SQL, networkError('SELF_SIGNED_CERT_IN_CHAIN'), context);
    expect(tls).toBeInstanceOf(DatabricksSqlError);
    expect((tls as DatabricksSqlError).failure).toBe('tls');
    expect(tls.message).toMatch(
      /SELF_SIGNED_CERT_IN_CHAIN — the TLS certificate of .* is not trusted; .*NODE_EXTRA_CA_CERTS/,
    );
  });

  it('a rejected token on the Thrift endpoint is an AuthenticationError naming the credential variables', () => {
    const response = { status: 401, headers: new Headers(), statusText: 'Unauthorized' };
    const error = toSqlError('jobs-latest', SQL, Object.assign(new Error('bad status'), { response }), context);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'SQL statement jobs-latest failed: HTTP 401: unauthorized — check DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET',
    );
  });

  it('a driver TypeError (no class) keeps its message; every cause exits 1', () => {
    const error = toSqlError('jobs-latest', SQL, new TypeError('Invalid URL'), context);
    expect(error.message).toBe(
      'SQL statement jobs-latest failed: SQL_ERROR: Invalid URL — see the server message; lakewarden doctor checks each system table and statement',
    );
    expect(exitCodeFor(error)).toBe(1);
  });
});
