import type { Kysely } from 'kysely';
import type { AiTables } from '../ai/ai-tables.ts';
import { listAuditRows } from '../ai/audit.ts';
import { formatTable, truncate } from '../document/format-table.ts';
import type { Output } from './output.ts';

/**
 * `lakewarden ai audit [--since <iso>] [--limit <n>] [--json]`: the audited model exchanges, newest first.
 * Table: time, purpose, model, region, endpoint, tokens in/out, prompt SHA-256 (12 hex), outcome. `--json`
 * prints the full rows, including the exact minimized request and the response.
 */
export async function aiAuditCommand(
  db: Kysely<AiTables>,
  output: Output,
  options: { since?: string; limit?: number; json: boolean },
): Promise<void> {
  const rows = await listAuditRows(db, {
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  if (options.json) {
    output.out(
      JSON.stringify(
        rows.map((r) => ({
          ...r,
          request: JSON.parse(r.request) as unknown,
          response: r.response === null ? null : (JSON.parse(r.response) as unknown),
        })),
        null,
        2,
      ),
    );
    return;
  }
  output.out(
    formatTable(
      ['at', 'purpose', 'model', 'region', 'endpoint', 'in', 'out', 'prompt sha256', 'outcome'],
      rows.map((r) => [
        r.at,
        r.purpose,
        r.model,
        r.region,
        r.endpoint,
        String(r.inputTokens),
        String(r.outputTokens),
        r.promptSha256.slice(0, 12),
        r.error === null ? 'ok' : truncate(r.error, 60),
      ]),
      new Set([5, 6]),
    ),
  );
  output.out(`${rows.length} exchange(s)`);
}
