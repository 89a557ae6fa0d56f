import { LakewardenError } from '../errors.ts';

/**
 * A model call that lakewarden refused to make (AI off, daily budget spent, time budget spent).
 * `reason` is a stable code for logs: `disabled` | `budget` | `deadline`.
 */
export class AiRefusal extends LakewardenError {
  readonly reason: 'disabled' | 'budget' | 'deadline';
  constructor(reason: 'disabled' | 'budget' | 'deadline', message: string) {
    super(message);
    this.reason = reason;
  }
}
