import { describe, expect, it } from 'vitest';
import { MetadataBoundaryError } from '../../../src/databricks/errors.ts';
import { createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import { STATEMENTS } from '../../../src/databricks/sql/statements.ts';

/** The only tables lakewarden may read (docs/security.md "What lakewarden reads from Databricks"). */
const ALLOWED_TABLES = new Set([
  'system.billing.usage',
  'system.billing.list_prices',
  'system.compute.clusters',
  'system.compute.warehouses',
  'system.compute.warehouse_events',
  'system.compute.node_timeline',
  'system.lakeflow.jobs',
  'system.lakeflow.job_run_timeline',
  'system.lakeflow.job_task_run_timeline',
  'system.query.history',
  'system.storage.predictive_optimization_operations_history',
]);

/** Predictive-optimization history: its documented columns (databricks.md §2.11) and the ones lakewarden reads. */
const PO_TABLE = 'system.storage.predictive_optimization_operations_history';
const PO_COLUMNS = [
  'account_id',
  'workspace_id',
  'metastore_name',
  'metastore_id',
  'catalog_name',
  'schema_name',
  'table_id',
  'table_name',
  'start_time',
  'end_time',
  'operation_type',
  'operation_id',
  'operation_status',
  'operation_metrics',
  'usage_unit',
  'usage_quantity',
];
const PO_COLUMNS_READ = new Set([
  'workspace_id',
  'table_id',
  'catalog_name',
  'schema_name',
  'table_name',
  'start_time',
  'end_time',
  'operation_type',
  'operation_status',
  'operation_metrics',
  'usage_quantity',
]);
/** The only operation_metrics keys read: compaction file counts and bytes. */
const PO_METRIC_KEYS = new Set([
  'number_of_compacted_files',
  'amount_of_data_compacted_bytes',
  'number_of_output_files',
]);

/** Columns and metrics keys of the PO table a statement reads beyond the allowlist above. */
function poViolations(sql: string): string[] {
  const { tables, identifiers } = analyse(sql);
  if (!tables.includes(PO_TABLE)) return [];
  const out = PO_COLUMNS.filter((c) => !PO_COLUMNS_READ.has(c) && identifiers.includes(c)).map((c) => `reads ${c}`);
  for (const [, key] of sql.matchAll(/operation_metrics\s*\[\s*'([^']*)'\s*\]/g)) {
    if (!PO_METRIC_KEYS.has(key ?? '')) out.push(`reads operation_metrics['${key}']`);
  }
  if (/operation_metrics(?!\s*\[)/.test(sql.replace(/operation_metrics\s*\[/g, '')))
    out.push('reads the whole operation_metrics map');
  return out;
}

/** Class C (databricks.md §3.2) plus identities lakewarden does not need. */
const FORBIDDEN_IDENTIFIERS = [
  'statement_text',
  'error_message',
  'query_parameters',
  'request_params',
  'spark_conf',
  'spark_env_vars',
  'job_parameters',
  'description',
  'executed_by',
  'executed_as',
  'executed_by_user_id',
  'executed_as_user_id',
  'init_scripts',
];

interface Analysis {
  tables: string[];
  identifiers: string[];
  selectStar: boolean;
}

/** Tokenizes well enough for this check: strips comments and string literals, then reads identifiers and FROM/JOIN targets. */
function analyse(sql: string): Analysis {
  const text = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, " '' ")
    .replace(/`([^`]*)`/g, '$1');
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|\*|\(|\)|,|:[a-z]+|[^\s]/g) ?? [];
  const tables: string[] = [];
  let selectStar = false;
  for (const [index, token] of tokens.entries()) {
    const upper = token.toUpperCase();
    const next = tokens[index + 1];
    if ((upper === 'FROM' || upper === 'JOIN') && next !== undefined && next !== '(') tables.push(next.toLowerCase());
    if (upper === 'SELECT' && (next === '*' || (next?.toUpperCase() === 'DISTINCT' && tokens[index + 2] === '*')))
      selectStar = true;
    if (token === '*' && tokens[index - 1]?.endsWith('.')) selectStar = true;
  }
  if (/[A-Za-z_]\.\*/.test(text)) selectStar = true;
  const identifiers = tokens.filter((t) => /^[A-Za-z_]/.test(t)).flatMap((t) => t.toLowerCase().split('.'));
  return { tables, identifiers, selectStar };
}

function violations(sql: string): string[] {
  const { tables, identifiers, selectStar } = analyse(sql);
  const out: string[] = [];
  if (tables.length === 0) out.push('reads no table');
  for (const table of tables) if (!ALLOWED_TABLES.has(table)) out.push(`reads ${table}`);
  for (const id of FORBIDDEN_IDENTIFIERS) if (identifiers.includes(id)) out.push(`mentions ${id}`);
  if (selectStar) out.push('uses SELECT *');
  return out;
}

describe('metadata boundary: registered statements', () => {
  const all = [...STATEMENTS.values()];

  it('registers the collectors, a probe per system table and an EXPLAIN per collector', () => {
    expect(all.length).toBeGreaterThanOrEqual(13 + ALLOWED_TABLES.size + 13);
  });

  it.each(all.map((s) => [s.name, s.sql] as const))(
    '%s reads only allowlisted system tables and columns',
    (_name, sql) => {
      expect(violations(sql)).toEqual([]);
    },
  );

  it.each(all.map((s) => [s.name, s.sql] as const))(
    '%s reads only the allowlisted predictive-optimization columns and metrics keys',
    (_name, sql) => {
      expect(poViolations(sql)).toEqual([]);
    },
  );

  it('a collector reads predictive-optimization history, and the PO check can fail', () => {
    expect(all.some((s) => analyse(s.sql).tables.includes(PO_TABLE))).toBe(true);
    expect(poViolations(`SELECT operation_id FROM ${PO_TABLE}`)).toEqual(['reads operation_id']);
    expect(poViolations(`SELECT operation_metrics['number_of_deleted_files'] AS n FROM ${PO_TABLE}`)).toEqual([
      "reads operation_metrics['number_of_deleted_files']",
    ]);
    expect(poViolations(`SELECT operation_metrics FROM ${PO_TABLE}`)).toEqual([
      'reads the whole operation_metrics map',
    ]);
    expect(poViolations(`SELECT operation_metrics['number_of_output_files'] AS n FROM ${PO_TABLE}`)).toEqual([]);
  });

  it('every named parameter in the SQL is declared, and every declared one is used', () => {
    for (const statement of all) {
      const used = new Set([...statement.sql.matchAll(/:([a-z]+)\b/g)].map((m) => m[1]));
      expect([...used].sort(), statement.name).toEqual([...new Set(statement.params)].sort());
    }
  });

  it('the checker catches each kind of violation (so the test above can fail)', () => {
    expect(violations('SELECT * FROM system.billing.usage')).toContain('uses SELECT *');
    expect(violations('SELECT u.* FROM system.billing.usage u')).toContain('uses SELECT *');
    expect(violations('SELECT statement_text FROM system.query.history')).toContain('mentions statement_text');
    expect(violations('SELECT q.error_message FROM system.query.history q')).toContain('mentions error_message');
    expect(violations('SELECT a FROM main.sales.orders')).toContain('reads main.sales.orders');
    expect(violations('SELECT a FROM system.billing.usage u JOIN hive_metastore.x.y z ON 1=1')).toContain(
      'reads hive_metastore.x.y',
    );
    expect(violations('SELECT COUNT(*) AS n FROM system.query.history')).toEqual([]);
    expect(violations("SELECT a FROM system.query.history WHERE b = 'statement_text'")).toEqual([]);
  });
});

describe('metadata boundary: runtime guard', () => {
  it('refuses an unregistered statement before opening a session', async () => {
    let sessions = 0;
    const runner = createDatabricksSqlRunner(async () => {
      sessions++;
      throw new Error('must not be called');
    });
    await expect(runner.run('SELECT statement_text FROM system.query.history', {}, () => undefined)).rejects.toThrow(
      MetadataBoundaryError,
    );
    await expect(runner.run('usage-by-resource-day-2', {}, () => undefined)).rejects.toThrow(/not in the registry/);
    expect(sessions).toBe(0);
  });

  it('runs a registered statement with named DATE parameters and streams chunks until no rows remain', async () => {
    const executed: { sql: string; params: string[]; tags: unknown }[] = [];
    const chunks = [[{ ok: 1 }, { ok: 2 }], [{ ok: 3 }]];
    let closed = 0;
    const runner = createDatabricksSqlRunner(async (collector) => ({
      executeStatement: async (sql, options) => {
        executed.push({ sql, params: Object.keys(options.namedParameters ?? {}), tags: options.queryTags });
        return {
          fetchChunk: async () => chunks.shift() ?? [],
          hasMoreRows: async () => chunks.length > 0,
          close: async () => {
            closed++;
          },
        };
      },
      close: async () => {
        expect(collector).toBe('job-runs');
        closed++;
      },
    }));
    const rows: unknown[] = [];
    const count = await runner.run('job-runs', { start: '2026-09-01', end: '2026-09-30' }, (row) => {
      rows.push(row);
    });
    expect(count).toBe(3);
    expect(rows).toEqual([{ ok: 1 }, { ok: 2 }, { ok: 3 }]);
    expect(executed[0]?.sql).toBe(STATEMENTS.get('job-runs')?.sql);
    expect(executed[0]?.params.sort()).toEqual(['end', 'start']);
    expect(executed[0]?.tags).toEqual({ app: 'lakewarden', collector: 'job-runs' });
    expect(closed).toBe(2);
  });

  it('retries the whole open + execute once after a cold-start error, never after rows were delivered', async () => {
    let opens = 0;
    const sleeps: number[] = [];
    const runner = createDatabricksSqlRunner(
      async () => {
        opens++;
        if (opens === 1) throw new Error('Session handle 01f0 has not been initialized');
        return {
          executeStatement: async () => ({
            fetchChunk: async () => [{ ok: 1 }],
            hasMoreRows: async () => false,
            close: async () => undefined,
          }),
          close: async () => undefined,
        };
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(await runner.run('list-prices-current', {}, () => undefined)).toBe(1);
    expect(opens).toBe(2);
    expect(sleeps).toEqual([5000]);

    const failing = createDatabricksSqlRunner(
      async () => {
        throw new Error('[INSUFFICIENT_PERMISSIONS] User does not have USE SCHEMA on system.billing');
      },
      { sleep: async () => undefined },
    );
    await expect(failing.run('list-prices-current', {}, () => undefined)).rejects.toThrow(
      /^SQL statement list-prices-current failed: INSUFFICIENT_PERMISSIONS/,
    );
  });
});
