import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms` milliseconds (node:timers/promises); the production `sleep` injected into retry loops. */
export function sleepMs(ms: number): Promise<void> {
  return delay(ms);
}
