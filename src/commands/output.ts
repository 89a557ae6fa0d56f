/** Where commands print: stdout for results, stderr for diagnostics. Injected so tests can capture. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout/stderr. */
export const processOutput: Output = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};

/**
 * Makes the executable end quietly (exit 0) when the reader of its stdout goes away, as in
 * `lakewarden rules list | head -3`, instead of failing with an unhandled EPIPE error. Call once, only in the
 * `lakewarden` executable.
 */
export function exitOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
