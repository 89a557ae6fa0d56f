/**
 * Progress of the long steps of a scan (collect, evaluate, sync), told to whoever draws it: the CLI's terminal
 * display (src/commands/terminal-progress.ts) or nobody. A port, so the core stays free of terminal I/O.
 */
export interface ProgressPort {
  /** A new stage begins: `total` steps when known (resources, findings, operations), undefined otherwise. */
  start(stage: string, total: number | undefined): void;
  /** `by` more steps are done (default 1); `detail` says what is happening now, if anything. */
  advance(by?: number, detail?: string): void;
  /** The stage ended (also after a failure). */
  finish(): void;
}
