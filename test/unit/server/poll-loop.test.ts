import { describe, expect, it } from 'vitest';
import { startPollLoop } from '../../../src/service/poll-loop.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('startPollLoop', () => {
  it('repeats while there is work, reports errors, wakes on demand and drains on stop', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loop = startPollLoop({
      iterate: async () => {
        runs++;
        if (runs === 2) throw new Error('boom');
        if (runs === 4) await blocked;
        return runs < 3;
      },
      idleMs: 60_000,
      onError: (e) => errors.push(e),
    });
    await tick();
    expect(runs).toBe(2); // run 1 had work, run 2 threw → idle wait
    expect(errors).toHaveLength(1);
    loop.wake();
    await tick();
    expect(runs).toBe(3); // woken; run 3 reports no work → idle again
    loop.wake();
    await tick();
    expect(runs).toBe(4); // run 4 is in progress (blocked)
    let done = false;
    const stopped = loop.stop().then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(false); // stop waits for the current iteration
    release();
    await stopped;
    expect(done).toBe(true);
    expect(runs).toBe(4);
  });
});
