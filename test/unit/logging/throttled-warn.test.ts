import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottledWarn } from '../../../src/logging/throttled-warn.ts';

describe('createThrottledWarn', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first event at once, then one line per interval with the count of the others', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const warn = createThrottledWarn(logger, 'Webhook signature rejected', 1000);
    warn({ deliveryId: 'd1', reason: 'mismatch' });
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, deliveryId: 'd1', msg: 'Webhook signature rejected' }),
    ]);
    for (let i = 2; i <= 5; i++) warn({ deliveryId: `d${i}`, reason: 'missing' });
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(lines[1]).toEqual(
      expect.objectContaining({
        level: 40,
        deliveryId: 'd5',
        reason: 'missing',
        suppressed: 4,
        msg: 'Webhook signature rejected (4 more in the last 1000 ms)',
      }),
    );
    // Right after a summary line the next event waits for the interval too.
    warn({ deliveryId: 'd6' });
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(lines[2]).toEqual(expect.objectContaining({ deliveryId: 'd6', suppressed: 1 }));
    // A quiet interval: nothing written, and the next event is written at once again.
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(3);
    warn({ deliveryId: 'd7' });
    expect(lines[3]).toEqual(expect.objectContaining({ deliveryId: 'd7', msg: 'Webhook signature rejected' }));
    expect(lines[3]).not.toHaveProperty('suppressed');
  });
});
