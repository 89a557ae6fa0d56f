import { cpus, platform, release, totalmem } from 'node:os';

/** One line describing the machine and runtime the benchmark ran on. */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${model}, ${list.length} cores, ${memGiB} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}
