import cliProgress from 'cli-progress';
import type { ProgressPort } from '../logging/progress-port.ts';

/**
 * The progress display of `lakewarden scan` on a terminal (cli-progress): per stage a bar with counts, rate and
 * ETA (`evaluate [=====-----] 5,120/10,000 · 3,400/s · ETA 2s`), or, when the total is unknown (live collection),
 * the steps done and what is running now. Drawn on stderr and cleared when a stage finishes.
 * @returns undefined when `stream` is not a TTY (CI logs, pipes, files): nothing is drawn there.
 */
export function createTerminalProgress(stream: NodeJS.WriteStream): ProgressPort | undefined {
  if (stream.isTTY !== true) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  let startedAt = 0;
  let detail = '';
  let stage = '';
  const format = (options: cliProgress.Options, params: cliProgress.Params): string => {
    const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
    const rate = Math.round(params.value / seconds).toLocaleString('en-US');
    if (params.total <= 0) {
      return `${stage} · ${params.value.toLocaleString('en-US')} steps · ${Math.round(seconds)}s${detail === '' ? '' : ` · ${detail}`}`;
    }
    const size = options.barsize ?? 30;
    const filled = Math.round(Math.min(params.progress, 1) * size);
    const eta = params.value >= params.total ? 0 : Math.ceil(((params.total - params.value) * seconds) / params.value);
    return `${stage} [${'='.repeat(filled)}${'-'.repeat(size - filled)}] ${params.value.toLocaleString('en-US')}/${params.total.toLocaleString('en-US')} · ${rate}/s · ETA ${Number.isFinite(eta) ? `${eta}s` : '…'}`;
  };
  return {
    start(name, total) {
      bar?.stop();
      stage = name;
      detail = '';
      startedAt = Date.now();
      bar = new cliProgress.SingleBar({
        stream,
        format,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        stopOnComplete: false,
        synchronousUpdate: true,
        fps: 10,
      });
      bar.start(total ?? 0, 0);
    },
    advance(by = 1, text) {
      if (text !== undefined) detail = text;
      bar?.increment(by);
    },
    finish() {
      bar?.stop();
      bar = undefined;
    },
  };
}
