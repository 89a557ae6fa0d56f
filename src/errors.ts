/**
 * The small named error tree of lakewarden. Each class sets `name` from its
 * constructor so one place (the CLI's `handleCliError`, the express error middleware) maps
 * errors to exit codes and HTTP statuses by name.
 */
export class LakewardenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid configuration (file, path inside it, what was expected). CLI exit code 2. */
export class ConfigError extends LakewardenError {}

/** Invalid input data such as a malformed snapshot or rule file. CLI exit code 2. */
export class InputError extends LakewardenError {}

/** A rule file that does not validate or whose CEL does not compile. CLI exit code 2. */
export class RuleValidationError extends LakewardenError {}

/** The external services lakewarden calls. */
export type ExternalService = 'jira' | 'databricks' | 'vertex' | 'openai-compatible';

/** A failure of Jira, Databricks or a model endpoint; `service` names which, `status` is the HTTP status if any. */
export class ExternalServiceError extends LakewardenError {
  readonly service: ExternalService;
  readonly status: number | undefined;
  constructor(service: ExternalService, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.service = service;
    this.status = options?.status;
  }
}

/** Credentials were rejected (Jira 401 / dead token, Databricks 401/403). */
export class AuthenticationError extends ExternalServiceError {}

export class NotFoundError extends LakewardenError {}
export class ConflictError extends LakewardenError {}

/** A guardrail refused an action; `reason` is a stable machine-readable code. */
export class GuardrailRefusal extends LakewardenError {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Maps an error to a CLI exit code: 2 for invalid input or configuration, 1 otherwise. */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof ConfigError || error instanceof InputError || error instanceof RuleValidationError) return 2;
  return 1;
}
