import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MetadataBoundaryError } from '../../../src/databricks/errors.ts';
import { createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import { STATEMENTS } from '../../../src/databricks/sql/statements.ts';
import { analyseColumns, tablesOf } from './sql-column-check.ts';
import { SYSTEM_TABLE_COLUMNS } from './system-table-columns.ts';

/** Class C (databricks.md §3.2) plus identities lakewarden does not need: never mentioned, not even as an alias. */
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

function violations(sql: string): string[] {
  const out = [...analyseColumns(sql).violations];
  const words = new Set(
    (sql.replace(/'(?:[^'\\]|\\.)*'/g, "''").match(/[A-Za-z_]\w*/g) ?? []).map((w) => w.toLowerCase()),
  );
  for (const id of FORBIDDEN_IDENTIFIERS) if (words.has(id)) out.push(`mentions ${id}`);
  return out;
}

const SECURITY_DOC = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');

describe('metadata boundary: registered statements', () => {
  const all = [...STATEMENTS.values()];

  it('registers the collectors, a probe per system table and an EXPLAIN per collector', () => {
    expect(all.length).toBeGreaterThanOrEqual(13 + Object.keys(SYSTEM_TABLE_COLUMNS).length + 13);
  });

  it.each(all.map((s) => [s.name, s.sql] as const))(
    '%s reads only allowlisted system tables and, in them, only reviewed columns',
    (_name, sql) => {
      expect(violations(sql)).toEqual([]);
    },
  );

  it('every registered statement reads at least one table and every allowlisted table is read', () => {
    const read = new Set(all.flatMap((s) => tablesOf(s.sql)));
    expect([...read].sort()).toEqual(Object.keys(SYSTEM_TABLE_COLUMNS).sort());
  });

  it('docs/security.md lists every allowlisted column of every table', () => {
    for (const [table, columns] of Object.entries(SYSTEM_TABLE_COLUMNS)) {
      const row = SECURITY_DOC.split('\n').find((line) => line.startsWith(`| \`${table}\``));
      expect(row, table).toBeDefined();
      for (const column of columns) {
        const shown = /\['([^']*)'\]$/.exec(column)?.[1] ?? column;
        expect(row, `${table} ${column}`).toContain(`\`${shown}\``);
      }
    }
  });

  it('every named parameter in the SQL is declared, and every declared one is used', () => {
    for (const statement of all) {
      const used = new Set([...statement.sql.matchAll(/:([a-z]+)\b/g)].map((m) => m[1]));
      expect([...used].sort(), statement.name).toEqual([...new Set(statement.params)].sort());
    }
  });

  it('the checker catches each kind of violation (so the test above can fail)', () => {
    expect(violations('SELECT * FROM system.billing.usage')).toContain('uses *');
    expect(
      violations(
        'SELECT details:flow_progress.data_quality.expectations AS e FROM system.lakeflow_pipeline_events_preview.pipeline_events',
      ),
    ).toContain('reads details:flow_progress.data_quality.expectations');
    expect(violations('SELECT DISTINCT * FROM system.billing.usage')).toContain('uses *');
    expect(violations('SELECT u.* FROM system.billing.usage u')).toContain('uses *');
    expect(violations('SELECT struct(*) AS s FROM system.query.history')).toEqual(
      expect.arrayContaining(['uses struct(*)', 'calls struct()']),
    );
    expect(violations('SELECT to_json(*) AS j FROM system.query.history')).toEqual(
      expect.arrayContaining(['uses to_json(*)', 'calls to_json()']),
    );
    expect(violations('SELECT to_json(struct(start_time)) AS j FROM system.query.history')).toEqual(
      expect.arrayContaining(['calls to_json()', 'calls struct()']),
    );
    expect(violations('SELECT statement_text FROM system.query.history')).toEqual([
      'reads statement_text',
      'mentions statement_text',
    ]);
    expect(violations('SELECT q.error_message FROM system.query.history q')).toContain(
      'reads system.query.history.error_message',
    );
    // A column that is not Class C but simply not reviewed fails too.
    expect(violations('SELECT client_application FROM system.query.history')).toEqual(['reads client_application']);
    expect(violations('SELECT compute FROM system.query.history')).toEqual(['reads compute']);
    expect(violations('SELECT u.usage_metadata FROM system.billing.usage u')).toEqual([
      'reads system.billing.usage.usage_metadata',
    ]);
    // A column allowlisted for another table of the same statement does not pass through an alias.
    expect(
      violations(
        'SELECT p.usage_quantity FROM system.billing.usage u JOIN system.billing.list_prices p ON u.sku_name = p.sku_name',
      ),
    ).toEqual(['reads system.billing.list_prices.usage_quantity']);
    expect(violations('SELECT error_message AS error_message FROM system.query.history')).toContain(
      'mentions error_message',
    );
    expect(violations('SELECT a FROM main.sales.orders')).toEqual(expect.arrayContaining(['reads main.sales.orders']));
    expect(violations('SELECT u.cloud FROM system.billing.usage u JOIN hive_metastore.x.y z ON 1=1')).toContain(
      'reads hive_metastore.x.y',
    );
    const po = 'system.storage.predictive_optimization_operations_history';
    expect(violations(`SELECT operation_id FROM ${po}`)).toEqual(['reads operation_id']);
    expect(violations(`SELECT operation_metrics['number_of_deleted_files'] AS n FROM ${po}`)).toEqual([
      "reads operation_metrics['number_of_deleted_files']",
    ]);
    expect(violations(`SELECT operation_metrics FROM ${po}`)).toEqual(['reads operation_metrics']);
    expect(violations(`SELECT operation_metrics[operation_type] AS n FROM ${po}`)).toContain(
      'reads a map with a non-literal key',
    );
    // What is allowed: COUNT(*), multiplication, aliases, allowlisted map keys, literals that look like columns.
    expect(violations('SELECT COUNT(*) AS n FROM system.query.history')).toEqual([]);
    expect(violations(`SELECT SUM(operation_metrics['number_of_output_files'] * 2) AS n FROM ${po}`)).toEqual([]);
    expect(violations("SELECT start_time FROM system.query.history WHERE execution_status = 'statement_text'")).toEqual(
      [],
    );
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
