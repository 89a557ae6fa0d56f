import { describe, expect, it } from 'vitest';
import {
  ACTION_STATES,
  type ActionEvent,
  type ActionState,
  TERMINAL_STATES,
  transition,
} from '../../../src/remediation/action-machine.ts';

const EVENTS: ActionEvent[] = [
  { type: 'start' },
  { type: 'refuse', reason: 'kill_switch' },
  { type: 'already_at_target' },
  { type: 'drift' },
  { type: 'not_found' },
  { type: 'write_sent' },
  { type: 'write_unknown' },
  { type: 'write_rejected' },
  { type: 'read_back_target' },
  { type: 'read_back_mismatch' },
  { type: 'read_back_previous', attempt: 1, maxAttempts: 3 },
  { type: 'rolled_back' },
  { type: 'rollback_failed' },
  { type: 'give_up' },
  { type: 'undone' },
  { type: 'defer' },
  { type: 'resume' },
  { type: 'defer_expired' },
];

/** The full table: every (state, event) pair → next state, or null when the transition is refused. */
const EXPECTED: Record<ActionState, Partial<Record<ActionEvent['type'], ActionState>>> = {
  queued: { start: 'applying', refuse: 'refused', give_up: 'failed' },
  applying: {
    refuse: 'refused',
    already_at_target: 'verified',
    drift: 'failed',
    not_found: 'failed',
    write_sent: 'verifying',
    write_unknown: 'verifying',
    write_rejected: 'failed',
    read_back_previous: 'applying',
    give_up: 'failed',
    defer: 'deferred',
  },
  deferred: { refuse: 'refused', resume: 'applying', defer_expired: 'refused' },
  verifying: {
    give_up: 'failed',
    drift: 'failed',
    not_found: 'failed',
    read_back_target: 'verified',
    read_back_mismatch: 'failed',
    read_back_previous: 'applying',
  },
  verified: { undone: 'rolled_back' },
  failed: { rolled_back: 'rolled_back', rollback_failed: 'failed' },
  refused: {},
  rolled_back: {},
};

describe('transition', () => {
  for (const state of ACTION_STATES) {
    for (const event of EVENTS) {
      const expected = EXPECTED[state][event.type];
      it(`${state} + ${event.type} → ${expected ?? 'not allowed'}`, () => {
        const result = transition(state, event);
        if (expected === undefined) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result).toMatchObject({ ok: true, state: expected });
        // Write-ahead: the first effect always persists the new state before anything else happens.
        expect(result.ok && result.effects[0]).toEqual({
          type: 'persist',
          state: expected,
          reason: result.ok ? result.reason : null,
        });
        expect(result.ok && result.effects.some((e) => e.type === 'history')).toBe(true);
      });
    }
  }

  it('accepts no event in a terminal state', () => {
    for (const state of TERMINAL_STATES) {
      for (const event of EVENTS) {
        // A verified change can still be undone by a rollback on request (a later action).
        if (state === 'verified' && event.type === 'undone') continue;
        expect(transition(state, event).ok).toBe(false);
      }
    }
  });

  it('retries under the same key within the attempt budget, then fails', () => {
    expect(transition('verifying', { type: 'read_back_previous', attempt: 2, maxAttempts: 3 })).toMatchObject({
      state: 'applying',
      effects: expect.arrayContaining([{ type: 'retry' }]),
    });
    expect(transition('verifying', { type: 'read_back_previous', attempt: 3, maxAttempts: 3 })).toMatchObject({
      state: 'failed',
      reason: 'attempts_exhausted',
    });
  });

  it('comments and moves the issue: verified → done, failed → Remediation Failed, refused → open', () => {
    const kinds = (state: ActionState, event: ActionEvent) => {
      const r = transition(state, event);
      return r.ok ? r.effects.filter((e) => e.type === 'comment' || e.type === 'transition') : [];
    };
    expect(kinds('verifying', { type: 'read_back_target' })).toEqual([
      { type: 'comment', kind: 'verified' },
      { type: 'transition', to: 'done' },
    ]);
    expect(kinds('verifying', { type: 'read_back_mismatch' })).toEqual([
      { type: 'comment', kind: 'failed' },
      { type: 'transition', to: 'failed' },
    ]);
    expect(kinds('queued', { type: 'refuse', reason: 'limit_hour' })).toEqual([
      { type: 'comment', kind: 'refused' },
      { type: 'transition', to: 'open' },
    ]);
  });
});
