import { LakewardenError } from '../errors.ts';

/**
 * A model call that lakewarden refused to make (AI off, daily budget spent, time budget spent).
 * `reason` is a stable code for logs: `disabled` | `budget` | `deadline` | `limit` (an answer's step or token limit).
 */
export class AiRefusal extends LakewardenError {
  readonly reason: 'disabled' | 'budget' | 'deadline' | 'limit';
  constructor(reason: 'disabled' | 'budget' | 'deadline' | 'limit', message: string) {
    super(message);
    this.reason = reason;
  }
}
