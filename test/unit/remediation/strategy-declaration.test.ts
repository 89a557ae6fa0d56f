import { describe, expect, it } from 'vitest';
import { checkDeclaration, DeclarationError, guardWorkspaceApi } from '../../../src/remediation/declaration.ts';
import { executeAction } from '../../../src/remediation/execute-action.ts';
import { STRATEGIES } from '../../../src/remediation/registry.ts';
import type { StrategyDefinition } from '../../../src/remediation/strategy.ts';
import { queuedAction, remediationHarness } from '../../support/remediation-harness.ts';

function strategy(name: string): StrategyDefinition<never> {
  const found = STRATEGIES.get(name);
  if (found === undefined) throw new Error(name);
  return found;
}

const JDBC = 'jdbc:spark://adb-1.azuredatabricks.net:443/default;transportMode=http;AuthMech=3;PWD=dapi-secret-123';

describe('strategy declarations: deny by default', () => {
  it('every strategy that writes declares operations and fields; no field reaches code, compute, permissions or run-as', () => {
    const forbidden =
      /task_type|notebook|python|spark_jar|sql_task|librar|init_script|spark_conf|spark_env|permission|acl|run_as|owner|_task$/;
    for (const s of STRATEGIES.values()) {
      if (s.executor === undefined) {
        expect(s.fields).toEqual([]);
        continue;
      }
      expect(s.operations.length).toBeGreaterThan(0);
      expect(s.fields.length).toBeGreaterThan(0);
      for (const field of s.fields) expect(field.path).not.toMatch(forbidden);
    }
  });

  it.each([
    [
      'warehouse-auto-stop',
      'warehouse',
      { field: 'auto_stop_mins', before: 120, after: 0 },
      'outside the allowed range',
    ],
    [
      'warehouse-auto-stop',
      'warehouse',
      { field: 'auto_stop_mins', before: 120, after: 241 },
      'outside the allowed range',
    ],
    ['warehouse-auto-stop', 'warehouse', { field: 'jdbc_url', before: null, after: 'x' }, 'may not change "jdbc_url"'],
    [
      'warehouse-auto-stop',
      'warehouse',
      { field: 'cluster_size', before: 'Small', after: '4X-Large' },
      'may not change',
    ],
    [
      'warehouse-size',
      'warehouse',
      { field: 'cluster_size', before: 'Small', after: '4X-Large' },
      'not exactly one size step',
    ],
    [
      'warehouse-clusters',
      'warehouse',
      { field: 'max_num_clusters', before: 2, after: 41 },
      'outside the allowed range',
    ],
    ['cluster-auto-termination', 'cluster', { field: 'autotermination_minutes', before: 0, after: 1441 }, 'outside'],
    ['cluster-terminate', 'cluster', { field: 'state', before: 'RUNNING', after: 'RESTARTING' }, 'not allowed'],
    ['job-retries', 'job', { field: 'tasks[ingest].max_retries', before: -1, after: 11 }, 'outside'],
    [
      'job-retries',
      'job',
      { field: 'tasks[ingest].notebook_task', before: null, after: { notebook_path: '/x' } },
      'may not change',
    ],
    ['job-retries', 'job', { field: 'tasks[a].max_retries].notebook_task', before: null, after: 1 }, 'may not change'],
    ['job-timeout', 'job', { field: 'timeout_seconds', before: 0, after: 59 }, 'outside'],
    ['job-timeout', 'job', { field: 'timeout_seconds', before: 0, after: 7 * 86_400 + 1 }, 'outside'],
    ['job-timeout', 'job', { field: 'run_as', before: null, after: { user_name: 'x' } }, 'may not change'],
    ['cluster-terminate', 'warehouse', { field: 'state', before: 'RUNNING', after: 'TERMINATED' }, 'does not apply'],
  ] as const)('%s on a %s refuses %j', (name, kind, change, message) => {
    expect(checkDeclaration(strategy(name), kind, [change])).toContain(message);
  });

  it.each([
    ['warehouse-auto-stop', 'warehouse', { field: 'auto_stop_mins', before: 0, after: 10 }],
    ['warehouse-size', 'warehouse', { field: 'cluster_size', before: 'Small', after: 'X-Small' }],
    ['job-retries', 'job', { field: 'tasks[ingest-1].max_retries', before: -1, after: 3 }],
    ['job-timeout', 'job', { field: 'timeout_seconds', before: 0, after: 7 * 86_400 }],
    ['add-tags', 'cluster', { field: 'tags.cost_center', before: null, after: 'cc-1' }],
  ] as const)('%s on a %s allows %j', (name, kind, change) => {
    expect(checkDeclaration(strategy(name), kind, [change])).toBeNull();
  });

  it('the executor refuses a plan outside the declaration before any read or write, even when a caller asks', async () => {
    const h = remediationHarness();
    h.api.warehouses.set('wh-1', { id: 'wh-1', state: 'RUNNING', auto_stop_mins: 120, jdbc_url: JDBC });
    let reads = 0;
    h.api.onRead = () => {
      reads += 1;
    };
    const action = queuedAction({
      plan: { changes: [{ field: 'jdbc_url', before: null, after: 'x' }], risk: '', restarts: false },
    });
    await h.actions.claim(action);
    const result = await executeAction(h.deps, action);
    expect(result).toMatchObject({ state: 'refused', reason: 'outside_declaration' });
    expect(reads).toBe(0);
    expect(h.api.writes).toEqual([]);
    const persisted = JSON.stringify([h.history.events, h.outbox.items, [...h.actions.rows.values()]]);
    expect(persisted).not.toContain('dapi-secret-123');
    expect(persisted).toContain('may not change');
  });

  it('read-before-write and read-back keep only the declared fields, never the REST object', async () => {
    const h = remediationHarness();
    h.api.warehouses.set('wh-1', {
      id: 'wh-1',
      state: 'STOPPED',
      auto_stop_mins: 120,
      jdbc_url: JDBC,
      odbc_params: { hostname: 'adb-1', password: 'dapi-secret-123' },
    });
    const action = queuedAction();
    await h.actions.claim(action);
    const result = await executeAction(h.deps, action);
    expect(result).toMatchObject({ state: 'verified', previousValue: { auto_stop_mins: 120 } });
    expect(result.observedValue).toEqual({ auto_stop_mins: 10 });
    expect(JSON.stringify([h.history.events, h.outbox.items, result])).not.toContain('dapi-secret-123');
  });

  it('the guarded API refuses undeclared operations, other resources, undeclared fields and task code changes', async () => {
    const h = remediationHarness();
    h.api.warehouses.set('wh-1', { id: 'wh-1', auto_stop_mins: 120 });
    h.api.warehouses.set('wh-2', { id: 'wh-2', auto_stop_mins: 120 });
    const ingest = { task_key: 'ingest', notebook_task: { notebook_path: '/etl' }, max_retries: -1 };
    h.api.jobs.set('j1', { job_id: 'j1', settings: { tasks: [ingest] } });
    const autoStop = guardWorkspaceApi(h.api, strategy('warehouse-auto-stop'), { kind: 'warehouse', id: 'wh-1' });
    await expect(autoStop.terminateCluster('c1')).rejects.toBeInstanceOf(DeclarationError);
    await expect(autoStop.editWarehouse('wh-2', { auto_stop_mins: 10 })).rejects.toThrow(/wh-2/);
    await expect(autoStop.editWarehouse('wh-1', { cluster_size: '4X-Large' })).rejects.toThrow(/cluster_size/);
    const retries = guardWorkspaceApi(h.api, strategy('job-retries'), { kind: 'job', id: 'j1' });
    await retries.getJob('j1');
    await expect(
      retries.updateJob('j1', { tasks: [{ ...ingest, notebook_task: { notebook_path: '/evil' } }] }),
    ).rejects.toThrow(/tasks\[ingest\]\.notebook_task/);
    await expect(retries.updateJob('j1', { run_as: { user_name: 'x' } })).rejects.toThrow(/run_as/);
    await retries.updateJob('j1', { tasks: [{ ...ingest, max_retries: 3 }] });
    expect(h.api.writes).toHaveLength(1);
    expect(h.api.warehouses.get('wh-2')?.auto_stop_mins).toBe(120);
  });
});
