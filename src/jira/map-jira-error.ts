import {
  isApiError,
  isAuthError,
  isForbiddenError,
  isNetworkError,
  isNotFoundError,
  isRateLimitError,
  isSchemaMismatchError,
} from 'jira.js/core';
import { AuthenticationError, ExternalServiceError, LakewardenError } from '../errors.ts';

/**
 * Turns a jira.js error into lakewarden's error tree. `operation` names what was attempted
 * (e.g. "search issues by fingerprint") and starts every message. Our own errors pass through unchanged.
 *
 * - 401 → AuthenticationError naming JIRA_EMAIL and JIRA_API_TOKEN;
 * - 403, 404, 410 (removed API), 429, other statuses, network failures and schema mismatches → ExternalServiceError
 *   with the HTTP status (when there is one) and Jira's own error messages.
 */
export function mapJiraError(error: unknown, operation: string): Error {
  if (error instanceof LakewardenError) return error;
  if (isAuthError(error)) {
    return new AuthenticationError(
      'jira',
      `Jira rejected the credentials: check JIRA_EMAIL and JIRA_API_TOKEN (while trying to ${operation})`,
      { cause: error, status: 401 },
    );
  }
  if (isForbiddenError(error)) {
    return new ExternalServiceError(
      'jira',
      `Jira refused to ${operation} (403): the Jira account lakewarden uses (JIRA_EMAIL; Data Center: the JIRA_PAT or JIRA_USERNAME user) lacks a permission for this project or operation${detailOf(error.body)}`,
      { cause: error, status: 403 },
    );
  }
  if (isNotFoundError(error)) {
    return new ExternalServiceError(
      'jira',
      `Jira could not ${operation} (404): the issue, project or user does not exist or is not visible to the Jira account lakewarden uses${detailOf(error.body)}`,
      { cause: error, status: 404 },
    );
  }
  if (isRateLimitError(error)) {
    return new ExternalServiceError('jira', `Jira kept rate-limiting (429) the attempt to ${operation}`, {
      cause: error,
      status: 429,
    });
  }
  if (isApiError(error)) {
    if (error.status === 410) {
      return new ExternalServiceError(
        'jira',
        `Jira says the API used to ${operation} has been removed (410); lakewarden must use /rest/api/3/search/jql${detailOf(error.body)}`,
        { cause: error, status: 410 },
      );
    }
    return new ExternalServiceError(
      'jira',
      `Jira failed to ${operation} (${error.status} ${error.statusText})${detailOf(error.body)}`,
      { cause: error, status: error.status },
    );
  }
  if (isNetworkError(error)) {
    return new ExternalServiceError('jira', `Jira could not be reached to ${operation}: ${error.message}`, {
      cause: error,
    });
  }
  if (isSchemaMismatchError(error)) {
    return new ExternalServiceError('jira', `Jira answered an unexpected shape when trying to ${operation}`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ExternalServiceError('jira', `Unexpected failure while trying to ${operation}: ${message}`, {
    cause: error,
  });
}

/** Jira's ErrorCollection `{errorMessages, errors}` as text, prefixed with ": ", or "" when there is none. */
export function detailOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) parts.push(...errorMessages.filter((m): m is string => typeof m === 'string'));
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, message] of Object.entries(errors)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length === 0 ? '' : `: ${parts.join('; ')}`;
}
