import type { TicketTracker } from './ticket-port.ts';

/**
 * The two tracker writes a verified-savings measurement makes: a comment (`addComment`, not idempotent: a
 * retry after an unknown outcome may duplicate it) and a number field.
 *
 * @throws ExternalServiceError when the tracker refuses or fails.
 */
export interface SavingsTracker extends Pick<TicketTracker, 'addComment'> {
  /**
   * Sets a number custom field (e.g. `customfield_10051`) to `value` (USD/month) when it is on the issue's edit
   * screen. Idempotent.
   * @returns true when written, false when the field is not on the edit screen (left alone; the comment has the number)
   */
  setNumberField(issueIdOrKey: string, fieldId: string, value: number): Promise<boolean>;
}
