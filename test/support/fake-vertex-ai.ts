import type { Kysely } from 'kysely';
import type { AiTables } from '../../src/ai/ai-tables.ts';
import { type AiServices, createAiServices } from '../../src/ai/create-ai-services.ts';
import { AiSection } from '../../src/config/ai-section.ts';
import { openSqlite } from '../../src/store/open-sqlite.ts';
import { runMigrations } from '../../src/store/run-migrations.ts';
import { createTestAuthClient, VERTEX } from './fake-vertex.ts';

/** An in-memory SQLite store migrated through the store's migrations, typed for the AI tables. */
export async function openAiDatabase(): Promise<Kysely<AiTables>> {
  const db = openSqlite(':memory:');
  await runMigrations({ db, dialect: 'sqlite' });
  return db.withTables<AiTables>();
}

/** A logger that keeps what was logged. */
export function createMemoryLogger() {
  const lines: Array<{ level: 'info' | 'warn'; object: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    info: (object: Record<string, unknown>, message: string) => {
      lines.push({ level: 'info', object, message });
    },
    warn: (object: Record<string, unknown>, message: string) => {
      lines.push({ level: 'warn', object, message });
    },
  };
}

/** AI services over the fake Vertex endpoint (fixed clock, no-op sleep, injected auth). */
export function createTestAiServices(
  db: Kysely<AiTables>,
  config: Partial<AiSection> = {},
  now: () => Date = () => new Date('2026-11-02T09:00:00.000Z'),
): AiServices | undefined {
  return createAiServices({
    config: AiSection.parse({ enabled: true, model: VERTEX.model, ...config }),
    project: VERTEX.project,
    location: VERTEX.location,
    db,
    now,
    sleep: async () => {},
    authClient: createTestAuthClient(),
  });
}
