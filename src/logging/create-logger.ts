import { type Logger, pino, stdSerializers } from 'pino';

/** Paths redacted by key in every log line (reliability.md §5). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature"]',
  'req.headers["x-lakewarden-secret"]',
  'headers.authorization',
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
 * The one root logger: pino JSON, secrets redacted by key, and an `err` serializer that scrubs known
 * secret values from messages and stacks (path redaction cannot see inside strings).
 * @param destination a pino destination stream (stderr by default so stdout stays for command output)
 */
export function createLogger(options: {
  level: string;
  scrub: (text: string) => string;
  destination?: NodeJS.WritableStream;
}): Logger {
  const scrubError = (err: Error): Record<string, unknown> => {
    const serialized = stdSerializers.err(err) as unknown as Record<string, unknown>;
    return JSON.parse(options.scrub(JSON.stringify(serialized))) as Record<string, unknown>;
  };
  return pino(
    {
      level: options.level,
      base: { app: 'lakewarden' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: { err: scrubError, error: scrubError },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? options.scrub(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    (options.destination ?? process.stderr) as never,
  );
}

export type { Logger };
