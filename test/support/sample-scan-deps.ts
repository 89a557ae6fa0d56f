import { join } from 'node:path';
import pino from 'pino';
import { LakewardenConfig } from '../../src/config/schema.ts';
import type { CompiledRule } from '../../src/rules/compile-rule.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { ScanDeps } from '../../src/scan/run-scan.ts';
import { loadSnapshot } from '../../src/snapshot/load-snapshot.ts';
import type { Snapshot } from '../../src/snapshot/schema.ts';
import { createStore, type OpenedStore } from '../../src/store/create-store.ts';
import { loadTemplates } from '../../src/tickets/load-templates.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The bundled sample account with what a dry-run scan of it needs, over an in-memory store. */
export interface SampleScan {
  deps: ScanDeps & { store: OpenedStore; rules: CompiledRule[] };
  snapshot: Snapshot;
}

/**
 * Loads examples/sample-account.json, the bundled rules and templates and a configuration (project FIN, an
 * in-memory SQLite store, plus `savings` when given) and returns the scan's dependencies: no tracker, a silent
 * logger, no scrubbing, `now` fixed. The caller closes `deps.store`.
 */
export async function sampleScan(now: Date, savings: Record<string, unknown> = {}): Promise<SampleScan> {
  const config = LakewardenConfig.parse({
    jira: { projectKey: 'FIN' },
    rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: ':memory:' },
    savings,
  });
  const rules = await loadRules(config.rules.directory, config.rules, config.remediation.autonomy);
  const templates = await loadTemplates(
    config.rules.templatesDirectory,
    rules.map((c) => c.rule),
  );
  const snapshot = await loadSnapshot(join(ROOT, 'examples/sample-account.json'));
  const store = await createStore({ sqlitePath: ':memory:' });
  return {
    deps: {
      store,
      tracker: undefined,
      config,
      rules,
      templates,
      logger: pino({ level: 'silent' }),
      scrub: (t) => t,
      now: () => now,
    },
    snapshot,
  };
}
