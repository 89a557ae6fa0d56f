import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseConfigText, resolveConfigPaths } from '../../../src/config/load-config.ts';
import type { LakewardenConfig } from '../../../src/config/schema.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { loadTemplates } from '../../../src/tickets/load-templates.ts';

/** The repository root. */
export const ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

/** What the runtime stage of the Dockerfile puts where: container path → repository path, and its volumes. */
export interface ImageLayout {
  workdir: string;
  copies: Map<string, string>;
  volumes: string[];
}

/** Reads WORKDIR, `COPY <src> ./<dst>` from the build context and VOLUME of the Dockerfile's last stage. */
export function imageLayout(): ImageLayout {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const workdir = /^WORKDIR (\S+)$/m.exec(dockerfile)?.[1] ?? '/';
  const copies = new Map<string, string>();
  for (const match of runtime.matchAll(/^COPY (?:--chown=\S+ )?(?!--from)(\S+) \.\/(\S+)$/gm)) {
    copies.set(posix.join(workdir, match[2] as string), join(ROOT, match[1] as string));
  }
  const volumes = [...runtime.matchAll(/^VOLUME \[(.+)\]$/gm)].flatMap((m) => JSON.parse(`[${m[1]}]`) as string[]);
  return { workdir, copies, volumes };
}

/** A file or folder the container sees, mapped to where it comes from. */
export type Source = { kind: 'host'; path: string } | { kind: 'volume'; path: string } | { kind: 'missing' };

/**
 * Where a container path comes from: the longest matching mount (host file or folder, or a writable volume),
 * else what the image copied there.
 */
export function sourceOf(containerPath: string, mounts: ReadonlyMap<string, Source>, layout: ImageLayout): Source {
  const candidates: [string, Source][] = [
    ...mounts,
    ...[...layout.copies].map(([c, h]): [string, Source] => [c, { kind: 'host', path: h }]),
    ...layout.volumes.map((v): [string, Source] => [v, { kind: 'volume', path: v }]),
  ];
  const best = candidates
    .filter(([c]) => containerPath === c || containerPath.startsWith(`${c}/`))
    .sort((a, b) => b[0].length - a[0].length)[0];
  if (best === undefined) return { kind: 'missing' };
  const [prefix, source] = best;
  if (source.kind !== 'host') return source;
  return { kind: 'host', path: join(source.path, containerPath.slice(prefix.length)) };
}

/**
 * Loads the configuration the container reads at `configPath` (with `text`), resolves its paths as loadConfig does
 * inside the container, and checks that everything `serve` reads exists where the container looks: the rules and
 * templates (loaded for real, as scan loads them), the state folder (a volume), the scheduled snapshot if any.
 * @returns the problems, empty when the deployment's paths are right.
 */
export async function checkServedPaths(
  configPath: string,
  text: string,
  mounts: ReadonlyMap<string, Source>,
  layout: ImageLayout,
): Promise<{ problems: string[]; config: LakewardenConfig }> {
  const config = resolveConfigPaths(parseConfigText(text, configPath), posix.dirname(configPath));
  const problems: string[] = [];
  const hostDir = (what: string, path: string): string | undefined => {
    const source = sourceOf(path, mounts, layout);
    if (source.kind === 'host' && existsSync(source.path)) return source.path;
    problems.push(`${what}: ${path} is not in the container (${source.kind})`);
    return undefined;
  };
  const rulesDir = hostDir('rules.directory', config.rules.directory);
  const templatesDir = hostDir('rules.templatesDirectory', config.rules.templatesDirectory);
  if (rulesDir !== undefined && templatesDir !== undefined) {
    try {
      const rules = await loadRules(rulesDir, config.rules);
      await loadTemplates(
        templatesDir,
        rules.map((c) => c.rule),
      );
    } catch (error) {
      problems.push(`rules/templates do not load: ${(error as Error).message}`);
    }
  }
  const state = sourceOf(posix.dirname(config.store.sqlitePath), mounts, layout);
  if (state.kind !== 'volume') problems.push(`store.sqlitePath: ${config.store.sqlitePath} is not on a volume`);
  const snapshot = config.scheduler.scan.snapshotPath;
  if (snapshot !== undefined)
    hostDir('scheduler.scan.snapshotPath', posix.resolve(posix.dirname(configPath), snapshot));
  return { problems, config };
}
