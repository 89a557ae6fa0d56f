/** A result row as the driver returns it: column name → value (string, number, bigint, boolean, Date, null, …). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Named DATE parameters (YYYY-MM-DD). */
export type SqlParams = Readonly<Partial<Record<'start' | 'end', string>>>;

/**
 * Port for system-table queries. `run` executes a registered statement by name and streams rows to
 * `onRow` (called in order; awaited if it returns a promise). Resolves with the row count.
 * @throws MetadataBoundaryError for a name outside the registry (nothing sent).
 */
export interface SqlRunner {
  run(name: string, params: SqlParams, onRow: (row: SqlRow) => void | Promise<void>): Promise<number>;
}
