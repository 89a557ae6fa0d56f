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
