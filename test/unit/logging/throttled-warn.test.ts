import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createThrottledWarn } from '../../../src/logging/throttled-warn.ts';

describe('createThrottledWarn', () => {
  it('writes at most one line per interval, the next line carrying the count of the events not written', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    let clock = 0;
    const warn = createThrottledWarn(logger, 'Webhook signature rejected', 1000, () => clock);
    warn({ deliveryId: 'd1', reason: 'mismatch' });
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, deliveryId: 'd1', msg: 'Webhook signature rejected' }),
    ]);
    for (let i = 2; i <= 5; i++) {
      clock += 100;
      warn({ deliveryId: `d${i}`, reason: 'missing' });
    }
    expect(lines).toHaveLength(1);
    clock = 1000;
    warn({ deliveryId: 'd6', reason: 'missing' });
    expect(lines[1]).toEqual(
      expect.objectContaining({
        level: 40,
        deliveryId: 'd6',
        reason: 'missing',
        suppressed: 4,
        msg: 'Webhook signature rejected (and 4 more since the last line)',
      }),
    );
    clock = 1999;
    warn({ deliveryId: 'd7' });
    expect(lines).toHaveLength(2);
    clock = 5000;
    warn({ deliveryId: 'd8' });
    expect(lines[2]).toEqual(expect.objectContaining({ deliveryId: 'd8', suppressed: 1 }));
    clock = 9000;
    warn({ deliveryId: 'd9' });
    expect(lines[3]).toEqual(expect.objectContaining({ deliveryId: 'd9', msg: 'Webhook signature rejected' }));
    expect(lines[3]).not.toHaveProperty('suppressed');
  });
});
