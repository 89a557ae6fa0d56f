/**
 * One server of bench/webhook-ack.ts in its own process (forked by `startServerProcess`), so the server's CPU time
 * is measured apart from autocannon's and the two do not share an event loop. Over IPC it sends `{ port }` once
 * listening, then answers `'stats'` with `{ cpuMs, rows, workerDone }` (process CPU time, user + system, ms) and
 * exits on `'close'`.
 *
 *   node bench/webhook-server-process.ts <lakewarden|bare> <dir> [worker]
 */
import { startServer, type WebhookServer } from './webhook-ack.ts';

const [kind, dir, worker] = process.argv.slice(2);
if ((kind !== 'lakewarden' && kind !== 'bare') || dir === undefined) {
  throw new Error('usage: webhook-server-process.ts <lakewarden|bare> <dir> [worker]');
}
const running = await startServer(kind as WebhookServer, dir, worker === 'worker');
process.on('message', async (message) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({
      cpuMs: (cpu.user + cpu.system) / 1000,
      rows: await running.rows(),
      workerDone: await running.workerDone(),
    });
  } else if (message === 'close') {
    await running.close();
    process.disconnect();
  }
});
process.send?.({ port: running.port });
