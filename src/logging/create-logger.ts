import { type Logger, pino, stdSerializers } from 'pino';
import { scrubLogObject } from './scrub-log-object.ts';

/** Paths redacted by key in every log line (https://github.com/pinojs/pino/blob/main/docs/redaction.md). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature"]',
  'req.headers["x-lakewarden-secret"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-hub-signature"]',
  'headers["x-lakewarden-secret"]',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers["x-hub-signature"]',
  'authorization',
  'token',
  'apiToken',
  'secret',
  'password',
  'clientSecret',
  '*.token',
  '*.*.token',
  '*.apiToken',
  '*.*.apiToken',
  '*.secret',
  '*.*.secret',
  '*.password',
  '*.clientSecret',
  '*.*.clientSecret',
  '*.accessToken',
  '*.access_token',
];

/**
 * The one root logger: pino JSON, secrets redacted by key (REDACT_PATHS), an `err` serializer that scrubs
 * known secret values and token shapes from messages and stacks, and a log formatter that scrubs every other
 * string value at any depth (path redaction cannot see inside strings). The message is scrubbed too, and the
 * serialized line once more (child-logger bindings bypass the formatters).
 * @param destination a pino destination stream (stderr by default so stdout stays for command output)
 */
export function createLogger(options: {
  level: string;
  scrub: (text: string) => string;
  destination?: NodeJS.WritableStream;
}): Logger {
  const scrubError = (err: Error): Record<string, unknown> => {
    const serialized = stdSerializers.err(err) as unknown as Record<string, unknown>;
    return scrubLogObject(serialized, options.scrub) as Record<string, unknown>;
  };
  return pino(
    {
      level: options.level,
      base: { app: 'lakewarden' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: { err: scrubError, error: scrubError },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubLogObject(object, options.scrub) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? options.scrub(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
        // Last net for what the formatters do not see (child-logger bindings): the serialized line itself.
        streamWrite: (line) => options.scrub(line),
      },
    },
    (options.destination ?? process.stderr) as never,
  );
}

export type { Logger };
