import { describe, expect, it } from 'vitest';
import { hasSnoozeCommand, parseSnoozeCommand } from '../../../src/intake/parse-snooze-command.ts';

describe('parseSnoozeCommand (untrusted comment text, strict grammar)', () => {
  it('reads days and the optional reason from one command line', () => {
    expect(parseSnoozeCommand('/lakewarden snooze 30d waiting for the Q3 migration', 90)).toEqual({
      kind: 'snooze',
      days: 30,
      reason: 'waiting for the Q3 migration',
    });
    expect(parseSnoozeCommand('Thanks!\n  /LAKEWARDEN Snooze 7D  \nbye', 90)).toEqual({
      kind: 'snooze',
      days: 7,
      reason: null,
    });
  });

  it('is none without the command (also for look-alikes)', () => {
    expect(parseSnoozeCommand('please snooze this', 90)).toEqual({ kind: 'none' });
    expect(parseSnoozeCommand('/lakewarden snoozed 3d', 90)).toEqual({ kind: 'none' });
    expect(parseSnoozeCommand('see /lakewarden snooze 3d', 90)).toEqual({ kind: 'none' });
    expect(hasSnoozeCommand('/lakewarden ask why?')).toBe(false);
    expect(hasSnoozeCommand('/lakewarden snooze')).toBe(true);
  });

  it('rejects with a reason: missing, malformed, out of range, several commands', () => {
    const cases: Array<[string, RegExp]> = [
      ['/lakewarden snooze', /duration is missing/],
      ['/lakewarden snooze 30', /"30" is not a duration in days/],
      ['/lakewarden snooze 2w', /"2w" is not a duration/],
      ['/lakewarden snooze -5d', /"-5d" is not a duration/],
      ['/lakewarden snooze 1.5d', /is not a duration/],
      ['/lakewarden snooze 0d', /0 days is outside the allowed 1 to 90 days/],
      ['/lakewarden snooze 91d', /91 days is outside/],
      ['/lakewarden snooze 99999d', /is not a duration/],
      ['/lakewarden snooze 3d\n/lakewarden snooze 9d', /2 snooze commands/],
    ];
    for (const [text, error] of cases) {
      const parsed = parseSnoozeCommand(text, 90);
      expect(parsed.kind, text).toBe('invalid');
      expect(parsed.kind === 'invalid' ? parsed.error : '', text).toMatch(error);
    }
  });

  it('strips control and bidi characters from the reason and bounds its length', () => {
    const parsed = parseSnoozeCommand(`/lakewarden snooze 5d a\u0007b\u202ec ${'x'.repeat(300)}`, 90);
    expect(parsed.kind).toBe('snooze');
    const reason = parsed.kind === 'snooze' ? (parsed.reason ?? '') : '';
    expect(reason.startsWith('abc ')).toBe(true);
    expect(reason).toHaveLength(201);
    expect(reason.endsWith('…')).toBe(true);
  });
});
