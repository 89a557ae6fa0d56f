import { createRequire } from 'node:module';
import type { DataType, Vector } from '../../../node_modules/apache-arrow/Arrow.node.js';
import type { ResultColumn } from './sql-engine.ts';

// apache-arrow (the driver's own Arrow library) ships its types for the CommonJS entry only.
type ArrowModule = typeof import('../../../node_modules/apache-arrow/Arrow.node.js');
const { Bool, DateDay, Float64, Int8, Int32, Int64, Table, TimestampMillisecond, tableToIPC, Utf8, vectorFromArray } =
  createRequire(import.meta.url)('apache-arrow') as ArrowModule;

/** Thrift TTypeId names (TCLIService.thrift) for the result types the registered statements produce. */
export type ThriftTypeName =
  | 'STRING_TYPE'
  | 'BIGINT_TYPE'
  | 'INT_TYPE'
  | 'TINYINT_TYPE'
  | 'DOUBLE_TYPE'
  | 'BOOLEAN_TYPE'
  | 'DECIMAL_TYPE'
  | 'TIMESTAMP_TYPE'
  | 'DATE_TYPE';

interface ColumnCodec {
  thrift: ThriftTypeName;
  arrow: DataType;
  decimal?: { precision: number; scale: number };
  convert: (json: unknown) => unknown;
}

const toBigInt = (v: unknown) => (v === null ? null : BigInt(String(v)));
const toNum = (v: unknown) => (v === null ? null : Number(v));
const toTimestamp = (v: unknown) => (v === null ? null : Date.parse(`${String(v).replace(' ', 'T')}Z`));

/**
 * How a DuckDB result type travels to the driver as a Databricks warehouse sends it (Arrow IPC, protocol V8):
 * integers as Arrow ints (HUGEINT from COUNT/SUM narrowed to BIGINT, as Databricks types them), DOUBLE as Float64,
 * TIMESTAMP as Arrow timestamps (UTC), DATE as Arrow dates, DECIMAL as Utf8 strings (dialect.ts).
 */
export function codecOf(column: ResultColumn): ColumnCodec {
  const type = column.type;
  if (type === 'VARCHAR') return { thrift: 'STRING_TYPE', arrow: new Utf8(), convert: (v) => v };
  if (type === 'BIGINT' || type === 'HUGEINT' || type === 'UBIGINT')
    return { thrift: 'BIGINT_TYPE', arrow: new Int64(), convert: toBigInt };
  if (type === 'INTEGER') return { thrift: 'INT_TYPE', arrow: new Int32(), convert: toNum };
  if (type === 'TINYINT') return { thrift: 'TINYINT_TYPE', arrow: new Int8(), convert: toNum };
  if (type === 'DOUBLE' || type === 'FLOAT') return { thrift: 'DOUBLE_TYPE', arrow: new Float64(), convert: toNum };
  if (type === 'BOOLEAN') return { thrift: 'BOOLEAN_TYPE', arrow: new Bool(), convert: (v) => v };
  if (type === 'TIMESTAMP' || type === 'TIMESTAMP WITH TIME ZONE')
    return { thrift: 'TIMESTAMP_TYPE', arrow: new TimestampMillisecond(), convert: toTimestamp };
  if (type === 'DATE') return { thrift: 'DATE_TYPE', arrow: new DateDay(), convert: toTimestamp };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal !== null) {
    return {
      thrift: 'DECIMAL_TYPE',
      arrow: new Utf8(),
      decimal: { precision: Number(decimal[1]), scale: Number(decimal[2]) },
      convert: (v) => (v === null ? null : String(v)),
    };
  }
  throw new Error(`test endpoint: result type ${type} of column ${column.name} is not supported`);
}

function tableOf(columns: ResultColumn[], rows: unknown[][]): InstanceType<ArrowModule['Table']> {
  const vectors: Record<string, Vector> = {};
  columns.forEach((column, i) => {
    const codec = codecOf(column);
    vectors[column.name] = vectorFromArray(
      rows.map((row) => codec.convert(row[i] ?? null)),
      codec.arrow,
    ) as Vector;
  });
  return new Table(vectors);
}

/** Length of the first message of an IPC stream (continuation marker, metadata length, metadata; no body). */
function firstMessageLength(bytes: Uint8Array): number {
  return 8 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(4, true);
}

/** Arrow IPC stream bytes of the schema message alone (TGetResultSetMetadataResp.arrowSchema). */
export function arrowSchemaBytes(columns: ResultColumn[], rows: unknown[][]): Buffer {
  const bytes = tableToIPC(tableOf(columns, rows), 'stream');
  return Buffer.from(bytes.subarray(0, firstMessageLength(bytes)));
}

/** Arrow IPC bytes of the record-batch message(s) holding `rows` (TSparkArrowBatch.batch), without schema or end. */
export function arrowBatchBytes(columns: ResultColumn[], rows: unknown[][]): Buffer {
  const bytes = tableToIPC(tableOf(columns, rows), 'stream');
  return Buffer.from(bytes.subarray(firstMessageLength(bytes), bytes.length - 8));
}
