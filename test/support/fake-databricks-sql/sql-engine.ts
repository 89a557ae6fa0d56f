import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { toDuckDbSql } from './dialect.ts';
import { SYSTEM_TABLES } from './system-tables.ts';

/**
 * A statement failure as a SQL warehouse reports it: the error class, the message that follows `[CLASS]` and the
 * SQLSTATE (error-message format: https://docs.databricks.com/en/error-messages/index.html).
 */
export class WarehouseSqlError extends Error {
  readonly errorClass: string;
  readonly sqlState: string;
  constructor(errorClass: string, message: string, sqlState: string) {
    super(`[${errorClass}] ${message} SQLSTATE: ${sqlState}`);
    this.errorClass = errorClass;
    this.sqlState = sqlState;
  }
}

/** One result column: its name and DuckDB type (e.g. `VARCHAR`, `DECIMAL(38,6)`, `TIMESTAMP`). */
export interface ResultColumn {
  name: string;
  type: string;
}

/** A statement's result: columns and rows as DuckDB's JSON form (numbers and timestamps as strings). */
export interface StatementResult {
  columns: ResultColumn[];
  rows: unknown[][];
}

/** A row for a system table: documented column name → value (SQL literal text is made from it). */
export type SystemRow = Readonly<Record<string, unknown>>;

/**
 * The embedded engine behind the test SQL warehouse: DuckDB in memory with the documented `system.*` tables
 * (system-tables.ts). Statements run through the dialect rewrite (dialect.ts) with DATE parameters bound as typed
 * literals, and DuckDB errors come back as Databricks errors: a missing column → UNRESOLVED_COLUMN, a missing
 * table or schema → TABLE_OR_VIEW_NOT_FOUND; a schema without the principal's grant → INSUFFICIENT_PERMISSIONS.
 */
export class SqlEngine {
  private readonly denied = new Set<string>();
  private readonly connection: DuckDBConnection;
  private constructor(connection: DuckDBConnection) {
    this.connection = connection;
  }

  static async create(): Promise<SqlEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS dbx_system");
    const schemas = new Set(SYSTEM_TABLES.map((t) => t.name.split('.')[0]));
    for (const schema of schemas) await connection.run(`CREATE SCHEMA dbx_system.${schema}`);
    for (const table of SYSTEM_TABLES) {
      const columns = Object.entries(table.columns).map(([name, type]) => `"${name}" ${type}`);
      await connection.run(`CREATE TABLE dbx_system.${table.name} (${columns.join(', ')})`);
    }
    return new SqlEngine(connection);
  }

  /** Inserts rows into `system.<table>`; values go through DuckDB's parameter binding, structs and maps as literals. */
  async insert(table: string, rows: readonly SystemRow[]): Promise<void> {
    const spec = SYSTEM_TABLES.find((t) => t.name === table);
    if (spec === undefined) throw new Error(`no system table ${table}`);
    for (const row of rows) {
      const unknown = Object.keys(row).filter((c) => !(c in spec.columns));
      if (unknown.length > 0) throw new Error(`system.${table} has no documented column ${unknown.join(', ')}`);
      const names = Object.keys(row);
      const values = names.map((name) => literal(row[name], spec.columns[name] ?? 'VARCHAR'));
      await this.connection.run(
        `INSERT INTO dbx_system.${table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${values.join(', ')})`,
      );
    }
  }

  /** The principal loses USE SCHEMA on `system.<schema>` (statements reading it fail with INSUFFICIENT_PERMISSIONS). */
  revoke(schema: string): void {
    this.denied.add(schema);
  }

  /** Gives USE SCHEMA on `system.<schema>` back. */
  grant(schema: string): void {
    this.denied.delete(schema);
  }

  /** The system schema is not enabled in the metastore: its tables are gone (TABLE_OR_VIEW_NOT_FOUND). */
  async disableSchema(schema: string): Promise<void> {
    await this.connection.run(`DROP SCHEMA dbx_system.${schema} CASCADE`);
  }

  /**
   * One table of an enabled schema is not there (a Public Preview table not available in this region or account):
   * statements reading it fail with TABLE_OR_VIEW_NOT_FOUND, the schema's other tables still answer.
   */
  async dropTable(table: string): Promise<void> {
    await this.connection.run(`DROP TABLE dbx_system.${table}`);
  }

  /**
   * Runs one statement with named DATE parameters (`:name` → `DATE 'YYYY-MM-DD'`).
   * @throws WarehouseSqlError as Databricks would report the failure.
   */
  async execute(sql: string, params: Readonly<Record<string, string>>): Promise<StatementResult> {
    for (const match of sql.matchAll(/\bsystem\.(\w+)\.(\w+)/g)) {
      if (this.denied.has(match[1] ?? '')) {
        throw new WarehouseSqlError(
          'INSUFFICIENT_PERMISSIONS',
          `Insufficient privileges: User does not have USE SCHEMA on Schema 'system.${match[1]}'.`,
          '42501',
        );
      }
    }
    const bound = sql.replace(/:(\w+)\b/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        throw new WarehouseSqlError('INVALID_PARAMETER_VALUE', `Parameter ${name} is not a DATE.`, '22023');
      }
      return `DATE '${value}'`;
    });
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(toDuckDbSql(bound));
    } catch (error) {
      throw toWarehouseError(sql, (error as Error).message);
    }
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    return {
      columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })),
      rows: reader.getRowsJson() as unknown[][],
    };
  }
}

/** DuckDB's error → the Databricks error class for the same failure. Unmapped errors surface as they are. */
function toWarehouseError(sql: string, message: string): Error {
  const column =
    /Referenced column "?([\w.]+)"? not found/.exec(message)?.[1] ??
    /does not have a column named "?(\w+)"?/.exec(message)?.[1] ??
    /Could not find key "?(\w+)"? in struct/.exec(message)?.[1];
  if (column !== undefined) {
    // https://docs.databricks.com/en/error-messages/unresolved-column-error-class.html
    return new WarehouseSqlError(
      'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION',
      `A column, variable, or function parameter with name \`${column}\` cannot be resolved.`,
      '42703',
    );
  }
  if (/Catalog Error: (Table|Schema) with name "?[\w.]+"? does not exist/.test(message)) {
    // https://docs.databricks.com/en/error-messages/table-or-view-not-found-error-class.html
    const missing = /(?:Table|Schema) with name "?([\w.]+)"?/.exec(message)?.[1] ?? '';
    const references = [...sql.matchAll(/\bsystem\.(\w+)\.(\w+)/g)];
    const name =
      references.find((m) => missing === `${m[1]}.${m[2]}` || missing === m[2] || missing === m[1]) ?? references[0];
    return new WarehouseSqlError(
      'TABLE_OR_VIEW_NOT_FOUND',
      `The table or view \`system\`.\`${name?.[1] ?? '?'}\`.\`${name?.[2] ?? '?'}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      '42P01',
    );
  }
  return new Error(`test endpoint: DuckDB could not run a registered statement (a dialect gap?): ${message}`);
}

/** A value as a DuckDB literal of the column's type (strings quoted, structs/maps/lists recursively). */
function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return `CAST(${String(value)} AS ${type})`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return `CAST('${value.replaceAll("'", "''")}' AS ${type})`;
  if (Array.isArray(value)) return `CAST([${value.map((v) => literal(v, 'VARCHAR')).join(', ')}] AS ${type})`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (type.startsWith('MAP(')) {
      return `CAST(MAP {${entries.map(([k, v]) => `'${k.replaceAll("'", "''")}': ${literal(v, 'VARCHAR')}`).join(', ')}} AS ${type})`;
    }
    return `CAST({${entries.map(([k, v]) => `'${k}': ${structField(v)}`).join(', ')}} AS ${type})`;
  }
  throw new Error(`cannot write ${typeof value} into a ${type} column`);
}

function structField(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `'${k}': ${structField(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  if (value === null || value === undefined) return 'NULL';
  return String(value);
}
