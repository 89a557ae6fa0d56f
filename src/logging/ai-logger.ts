/** The logging the AI code needs (a pino Logger satisfies it). */
export interface AiLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

/** Why an AI step produced nothing, as a stable code plus detail (never prompt or response text). */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
