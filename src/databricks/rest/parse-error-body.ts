/**
 * Reads an error body in any shape Databricks returns (https://github.com/databricks/databricks-sdk-go/blob/main/apierr/errors.go): standard
 * `{error_code, message}` (error_code string or integer), legacy API 1.2 `{error}`, SCIM `{detail, status}`,
 * HTML `<pre>…</pre>`, plain `CODE: message` text, or anything else.
 * @returns errorCode (`UNKNOWN` when the body names none) and a message (may echo request content: debug only).
 */
export function parseErrorBody(text: string): { errorCode: string; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const body = json as Record<string, unknown>;
    const code = body.error_code;
    const message = firstString(body.message, body.error, body.detail) ?? '';
    if (typeof code === 'string' || typeof code === 'number') return { errorCode: String(code), message };
    if (typeof body.detail === 'string' && Array.isArray(body.schemas)) return { errorCode: 'SCIM_ERROR', message };
    return { errorCode: 'UNKNOWN', message };
  }
  if (typeof json === 'string') return { errorCode: 'UNKNOWN', message: json };
  const pre = /<pre>([\s\S]*?)<\/pre>/i.exec(text);
  if (pre?.[1] !== undefined) return { errorCode: 'UNKNOWN', message: pre[1].trim() };
  const prefixed = /^([A-Z][A-Z0-9_]{2,}):\s*([\s\S]*)$/.exec(text.trim());
  if (prefixed?.[1] !== undefined) return { errorCode: prefixed[1], message: prefixed[2] ?? '' };
  return { errorCode: 'UNKNOWN', message: text.trim().slice(0, 500) };
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string');
}
