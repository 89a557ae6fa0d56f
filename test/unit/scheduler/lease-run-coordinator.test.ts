import { afterEach, describe, expect, it } from 'vitest';
import { createLeaseRunCoordinator, type LeaseRunCoordinator } from '../../../src/scheduler/lease-run-coordinator.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { captureLogger } from './support.ts';

const TTL = 3000;
let store: OpenedStore | undefined;
const coordinators: LeaseRunCoordinator[] = [];
afterEach(async () => {
  for (const c of coordinators.splice(0)) await c.releaseJob();
  await store?.close();
});

async function setup() {
  store = await createStore({ sqlitePath: ':memory:' });
  const clock = { now: Date.parse('2026-11-01T06:00:00Z') };
  const { logger } = captureLogger();
  const make = (holder: string) => {
    const c = createLeaseRunCoordinator({
      handle: store as OpenedStore,
      job: 'scan',
      holder,
      logger,
      now: () => new Date(clock.now),
    });
    coordinators.push(c);
    return c;
  };
  return { a: make('replica-a'), b: make('replica-b'), clock, store };
}

describe('createLeaseRunCoordinator (node-cron runCoordinator over the leases table)', () => {
  it('elects exactly one replica per slot', async () => {
    const { a, b } = await setup();
    expect(await a.shouldRun('scan:2026-11-01T06:00:00.000Z', TTL)).toBe(true);
    expect(await b.shouldRun('scan:2026-11-01T06:00:00.000Z', TTL)).toBe(false);
    await a.onComplete('scan:2026-11-01T06:00:00.000Z');
    // the slot lease is kept after the run: a replica whose clock ticks later cannot run the slot again
    expect(await b.shouldRun('scan:2026-11-01T06:00:00.000Z', TTL)).toBe(false);
    expect(await b.shouldRun('scan:2026-11-01T06:00:02.000Z', TTL)).toBe(true);
  });

  it('skips a new slot while another replica is still running the job (no overlap across replicas)', async () => {
    const { a, b } = await setup();
    expect(await a.shouldRun('scan:slot-1', TTL)).toBe(true);
    expect(await b.shouldRun('scan:slot-2', TTL)).toBe(false);
    await a.onComplete('scan:slot-1');
    expect(await b.shouldRun('scan:slot-3', TTL)).toBe(true);
  });

  it('lets another replica take over once the lease of a holder that died has expired', async () => {
    const { a, b, clock } = await setup();
    expect(await a.shouldRun('scan:slot-1', TTL)).toBe(true);
    // a dies: no onComplete, no renewal
    clock.now += TTL - 1;
    expect(await b.shouldRun('scan:slot-2', TTL)).toBe(false);
    clock.now += 2;
    expect(await b.shouldRun('scan:slot-3', TTL)).toBe(true);
  });

  it('acquireJob (serve --once) refuses while another replica holds the job', async () => {
    const { a, b } = await setup();
    expect(await a.acquireJob(TTL)).toBe(true);
    expect(await b.acquireJob(TTL)).toBe(false);
    await a.releaseJob();
    expect(await b.acquireJob(TTL)).toBe(true);
  });
});
