import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { thrift as generated } from '@databricks/sql';
import { arrowBatchBytes, arrowSchemaBytes, codecOf } from './arrow-result.ts';
import { type SqlEngine, type StatementResult, WarehouseSqlError } from './sql-engine.ts';

const require = createRequire(import.meta.url);
/** The server side of Apache Thrift (a dependency of @databricks/sql): buffered transport + binary protocol. */
const thriftLib = require('thrift') as {
  TBufferedTransport: {
    new (buffer: undefined, callback: (data: Buffer) => void): unknown;
    receiver: (callback: (transport: { commitPosition(): void }) => void) => (data: Buffer) => void;
  };
  TBinaryProtocol: new (transport: unknown) => unknown;
};
const T = generated.TCLIService_types;
const SUCCESS = { statusCode: T.TStatusCode.SUCCESS_STATUS };

/** What one test wants a statement to do instead of running normally (matched on the collector's query tag). */
export type StatementFault = { type: 'runs-for'; seconds: number };

interface Session {
  configuration: Record<string, string>;
}
interface Operation {
  result?: StatementResult;
  error?: WarehouseSqlError | Error;
  timedOut?: boolean;
  offset: number;
}

/** The part of the workspace the endpoint asks per request: is the token valid, is the warehouse up. */
export interface EndpointWorkspace {
  /** True when `Authorization: Bearer <token>` names a token the workspace accepts (PAT or issued OAuth token). */
  acceptsToken(token: string): boolean;
  /** The warehouse's `state` as `GET /api/2.0/sql/warehouses/{id}` reports it, undefined when it does not exist. */
  warehouseState(id: string): string | undefined;
}

/**
 * A Databricks SQL warehouse's Thrift endpoint (`POST /sql/1.0/warehouses/{id}`), built from the driver's own
 * generated TCLIService code (thrift/TCLIService.thrift, protocol SPARK_CLI_SERVICE_PROTOCOL_V8) over the Thrift
 * binary protocol on HTTP, executing statements in the embedded engine. Behaviour emulated, from the driver's
 * wire contract and the docs:
 * - bearer token checked on every request: an unknown one gets HTTP 403 with `X-Databricks-Reason-Phrase: Invalid
 *   access token.` (Databricks' answer, databricks/databricks-sdk-go#873);
 * - an unknown warehouse id → HTTP 404; a warehouse that is not RUNNING → HTTP 503 TEMPORARILY_UNAVAILABLE (the
 *   driver retries 503 within its budget);
 * - OpenSession keeps the session configuration (STATEMENT_TIMEOUT, QUERY_TAGS); ExecuteStatement binds named
 *   DATE parameters (TSparkParameter); a statement running longer than STATEMENT_TIMEOUT ends TIMEDOUT_STATE
 *   (https://docs.databricks.com/en/sql/language-manual/parameters/statement_timeout.html); a failure ends
 *   ERROR_STATE with `displayMessage` `[ERROR_CLASS] message SQLSTATE: …` and `sqlState`
 *   (https://docs.databricks.com/en/error-messages/index.html);
 * - results as ARROW_BASED_SET: Arrow schema in the metadata, record batches of at most `maxRows` per FetchResults.
 */
export function createThriftEndpoint(engine: SqlEngine, workspace: EndpointWorkspace) {
  const sessions = new Map<string, Session>();
  const operations = new Map<string, Operation>();
  const faults = new Map<string, StatementFault>();
  const statements: Array<{ collector: string | undefined; sql: string }> = [];
  const key = (handle: { guid: Buffer } | undefined) => handle?.guid.toString('hex') ?? '';
  const newHandle = () => ({ guid: Buffer.from(randomUUID().replaceAll('-', ''), 'hex'), secret: randomBytes(16) });

  const handler = {
    async OpenSession(req: { configuration?: Record<string, string> }) {
      const handle = newHandle();
      sessions.set(key(handle), { configuration: { ...(req.configuration ?? {}) } });
      return {
        status: SUCCESS,
        serverProtocolVersion: T.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8,
        sessionHandle: { sessionId: handle },
      };
    },
    async CloseSession(req: { sessionHandle: { sessionId: { guid: Buffer } } }) {
      sessions.delete(key(req.sessionHandle.sessionId));
      return { status: SUCCESS };
    },
    async ExecuteStatement(req: {
      sessionHandle: { sessionId: { guid: Buffer } };
      statement: string;
      confOverlay?: Record<string, string>;
      parameters?: Array<{ name?: string; type?: string; value?: { stringValue?: string } }>;
    }) {
      const session = sessions.get(key(req.sessionHandle.sessionId));
      if (session === undefined) return { status: error('Invalid SessionHandle', 'INVALID_HANDLE') };
      const tags = req.confOverlay?.query_tags ?? session.configuration.QUERY_TAGS ?? '';
      const collector = /collector:([^,]+)/.exec(tags)?.[1];
      statements.push({ collector, sql: req.statement });
      const params: Record<string, string> = {};
      for (const p of req.parameters ?? []) {
        if (p.name !== undefined && p.value?.stringValue !== undefined) params[p.name] = p.value.stringValue;
      }
      const operation: Operation = { offset: 0 };
      const fault = collector === undefined ? undefined : faults.get(collector);
      const timeout = Number(session.configuration.STATEMENT_TIMEOUT ?? '172800');
      if (fault?.type === 'runs-for' && fault.seconds > timeout) {
        operation.timedOut = true;
      } else {
        try {
          operation.result = await engine.execute(req.statement, params);
        } catch (failure) {
          operation.error = failure as Error;
        }
      }
      const handle = newHandle();
      operations.set(key(handle), operation);
      return {
        status: SUCCESS,
        operationHandle: {
          operationId: handle,
          operationType: T.TOperationType.EXECUTE_STATEMENT,
          hasResultSet: true,
        },
      };
    },
    async GetOperationStatus(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      const operation = operations.get(key(req.operationHandle.operationId));
      if (operation === undefined) return { status: error('Invalid OperationHandle', 'INVALID_HANDLE') };
      if (operation.timedOut) return { status: SUCCESS, operationState: T.TOperationState.TIMEDOUT_STATE };
      if (operation.error !== undefined) {
        const failure = operation.error;
        if (!(failure instanceof WarehouseSqlError)) throw failure;
        return {
          status: SUCCESS,
          operationState: T.TOperationState.ERROR_STATE,
          sqlState: failure.sqlState,
          errorMessage: `org.apache.hive.service.cli.HiveSQLException: Error running query: ${failure.message}`,
          displayMessage: failure.message,
        };
      }
      return { status: SUCCESS, operationState: T.TOperationState.FINISHED_STATE, hasResultSet: true };
    },
    async GetResultSetMetadata(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      const result = operations.get(key(req.operationHandle.operationId))?.result;
      if (result === undefined) return { status: error('No result set', 'INVALID_HANDLE') };
      return {
        status: SUCCESS,
        schema: {
          columns: result.columns.map((column, i) => {
            const codec = codecOf(column);
            return {
              columnName: column.name,
              position: i + 1,
              typeDesc: {
                types: [
                  {
                    primitiveEntry: {
                      type: T.TTypeId[codec.thrift],
                      ...(codec.decimal === undefined
                        ? {}
                        : {
                            typeQualifiers: {
                              qualifiers: {
                                precision: { i32Value: codec.decimal.precision },
                                scale: { i32Value: codec.decimal.scale },
                              },
                            },
                          }),
                    },
                  },
                ],
              },
            };
          }),
        },
        resultFormat: T.TSparkRowSetType.ARROW_BASED_SET,
        lz4Compressed: false,
        arrowSchema: arrowSchemaBytes(result.columns, result.rows),
      };
    },
    async FetchResults(req: { operationHandle: { operationId: { guid: Buffer } }; maxRows?: unknown }) {
      const operation = operations.get(key(req.operationHandle.operationId));
      const result = operation?.result;
      if (operation === undefined || result === undefined) return { status: error('No result set', 'INVALID_HANDLE') };
      const max = Math.max(1, Number(String(req.maxRows ?? 10_000)));
      const rows = result.rows.slice(operation.offset, operation.offset + max);
      const start = operation.offset;
      operation.offset += rows.length;
      return {
        status: SUCCESS,
        hasMoreRows: operation.offset < result.rows.length,
        results: {
          startRowOffset: start,
          rows: [],
          arrowBatches:
            rows.length === 0 ? [] : [{ batch: arrowBatchBytes(result.columns, rows), rowCount: rows.length }],
        },
      };
    },
    async CloseOperation(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      operations.delete(key(req.operationHandle.operationId));
      return { status: SUCCESS };
    },
    async CancelOperation(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      operations.delete(key(req.operationHandle.operationId));
      return { status: SUCCESS };
    },
  };

  const processor = new generated.TCLIService.Processor(handler as never) as unknown as {
    process(input: unknown, output: unknown): void;
  };

  return {
    /** Statements executed, with the collector named by the session's query tags. */
    statements: () => [...statements],
    /** Makes the collector's statement run for `seconds` (it times out when that exceeds STATEMENT_TIMEOUT). */
    inject(collector: string, fault: StatementFault) {
      faults.set(collector, fault);
    },
    /** Removes every injected fault. */
    clearFaults() {
      faults.clear();
    },
    /** Handles one `POST /sql/1.0/warehouses/{id}` request. */
    handle(req: IncomingMessage, res: ServerResponse, warehouseId: string): void {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!workspace.acceptsToken(token)) {
        res.writeHead(403, { 'x-databricks-reason-phrase': 'Invalid access token.' });
        res.end('Invalid access token.');
        return;
      }
      const state = workspace.warehouseState(warehouseId);
      if (state === undefined) {
        res.writeHead(404, { 'x-databricks-reason-phrase': 'Warehouse does not exist.' });
        res.end();
        return;
      }
      if (state !== 'RUNNING') {
        res.writeHead(503, { 'x-databricks-reason-phrase': 'TEMPORARILY_UNAVAILABLE', 'retry-after': '1' });
        res.end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        thriftLib.TBufferedTransport.receiver((transport) => {
          const input = new thriftLib.TBinaryProtocol(transport);
          const output = new thriftLib.TBinaryProtocol(
            new thriftLib.TBufferedTransport(undefined, (data: Buffer) => {
              res.writeHead(200, { 'content-type': 'application/x-thrift' });
              res.end(data);
            }),
          );
          processor.process(input, output);
          transport.commitPosition();
        })(Buffer.concat(chunks));
      });
    },
  };
}

function error(message: string, code: string) {
  return { statusCode: T.TStatusCode.ERROR_STATUS, errorMessage: message, sqlState: code };
}

export type ThriftEndpoint = ReturnType<typeof createThriftEndpoint>;
