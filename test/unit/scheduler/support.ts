import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/create-logger.ts';
import { createScrubber } from '../../../src/logging/scrub-secrets.ts';

/** A real pino logger writing parsed lines into `lines`, with `secrets` scrubbed. */
export function captureLogger(secrets: string[] = []) {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  const scrub = createScrubber(secrets);
  return { logger: createLogger({ level: 'debug', scrub, destination }), lines, scrub };
}
