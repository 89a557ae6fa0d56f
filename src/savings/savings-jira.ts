import type { AdfDoc } from '../document/adf.ts';

/**
 * The two Jira writes a verified-savings measurement makes. Implemented over jira.js by
 * `createJiraSavingsPort`; tests may use the fake Jira through it or an in-memory double.
 *
 * @throws ExternalServiceError when Jira refuses or fails.
 */
export interface SavingsJira {
  /** Posts an ADF comment on the issue. Not idempotent: a retry after an unknown outcome may duplicate it. */
  addComment(issueIdOrKey: string, body: AdfDoc): Promise<void>;
  /** Sets a number custom field (e.g. `customfield_10051`) to `value` (USD/month). Idempotent. */
  setNumberField(issueIdOrKey: string, fieldId: string, value: number): Promise<void>;
}
