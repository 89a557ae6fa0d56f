/**
 * The kysely table interfaces of the AI tables (migration 003). Kept here rather than in the store's
 * `Database` so the AI feature stays one folder; the composition root passes `db.withTables<AiTables>()` (a type alias, as kysely's table map needs an index-compatible type).
 */
export type AiTables = {
  ai_audit: AiAuditTable;
  ai_call_budget: AiCallBudgetTable;
  ask_snapshot: AskSnapshotTable;
  ask_resources: AskResourcesTable;
  ask_findings: AskFindingsTable;
};

/** The header of the last scanned snapshot (migration 006; one row, id 1). `header` is JSON. */
export interface AskSnapshotTable {
  id: number;
  scan_id: string;
  saved_at: string;
  header: string;
}

/** One resource of the last scan that has a finding: its snapshot record as JSON (migration 006). */
export interface AskResourcesTable {
  /** `<workspaceId>/<kind>/<resourceId>`. */
  resource_key: string;
  saved_at: string;
  resource: string;
}

/** One finding of the last scan as JSON (migration 006). */
export interface AskFindingsTable {
  fingerprint: string;
  saved_at: string;
  finding: string;
}

/** Which model exchange: its id, when the request was sent (ISO-8601 UTC), why, and the model's endpoint, region, name. */
export interface AuditedExchange {
  id: string;
  at: string;
  purpose: string;
  endpoint: string;
  region: string;
  model: string;
}

/** One model exchange (append-only). JSON columns hold canonical JSON text. */
export interface AiAuditTable extends AuditedExchange {
  minimizer_version: number;
  prompt_sha256: string;
  request: string;
  response: string | null;
  error: string | null;
  input_tokens: number;
  output_tokens: number;
}

/** Model calls per UTC day (`day` = YYYY-MM-DD). */
export interface AiCallBudgetTable {
  day: string;
  calls: number;
}
