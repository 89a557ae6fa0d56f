import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkServedPaths, imageLayout, ROOT, type Source } from './image-layout.ts';

/**
 * No Docker engine runs in CI, so compose.yaml is checked by resolving what each lakewarden container reads: every
 * bind mount's source exists, the configuration is where LAKEWARDEN_CONFIG (or /app/lakewarden.yaml) says, and the
 * rules, templates and state it names — resolved against the config file's folder inside the container, as
 * loadConfig does — exist there and load; and the database sees none of lakewarden's secrets.
 */
interface Service {
  build?: string;
  image?: string;
  env_file?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const lakewarden = Object.entries(compose.services).filter(([, s]) => s.build === '.');
const layout = imageLayout();

function mountsOf(service: Service): Map<string, Source> {
  const mounts = new Map<string, Source>();
  for (const volume of service.volumes ?? []) {
    const [source, target] = volume.split(':') as [string, string];
    mounts.set(
      target,
      source.startsWith('.') || source.startsWith('/')
        ? { kind: 'host', path: join(ROOT, source) }
        : { kind: 'volume', path: target },
    );
  }
  return mounts;
}

describe('compose.yaml', () => {
  it('runs two lakewarden replicas from the Dockerfile', () => {
    expect(lakewarden.map(([name]) => name)).toEqual(['lakewarden-a', 'lakewarden-b']);
  });

  it.each(lakewarden)(
    '%s: every bind mount exists and the configuration, rules, templates and state resolve',
    async (_name, service) => {
      const mounts = mountsOf(service);
      for (const [target, source] of mounts) {
        if (source.kind === 'host') expect(existsSync(source.path), `${source.path} (mounted at ${target})`).toBe(true);
      }
      const configPath = service.environment?.LAKEWARDEN_CONFIG ?? posix.join(layout.workdir, 'lakewarden.yaml');
      const configSource = mounts.get(configPath);
      expect(configSource?.kind, `${configPath} is mounted`).toBe('host');
      const text = readFileSync((configSource as { path: string }).path, 'utf8');
      const { problems, config } = await checkServedPaths(configPath, text, mounts, layout);
      expect(problems).toEqual([]);
      expect(config.rules.directory).toBe('/app/rules');
      expect(config.rules.templatesDirectory).toBe('/app/templates');
    },
  );

  it.each(lakewarden)('%s: the health check and published port use the port serve listens on', (_name, service) => {
    const port = 8080; // PORT default (src/config/env.ts)
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    expect(service.ports?.every((p) => p.endsWith(`:${port}`))).toBe(true);
  });

  it('gives lakewarden and Postgres separate env files: the database never sees the Jira or Databricks secrets', () => {
    const postgres = compose.services.postgres as Service;
    const lakewardenFiles = new Set(lakewarden.flatMap(([, s]) => s.env_file ?? []));
    expect([...lakewardenFiles]).toEqual(['lakewarden.env']);
    expect(postgres.env_file).toEqual(['postgres.env']);
    expect(Object.keys(postgres.environment ?? {}).filter((k) => /JIRA|DATABRICKS|WEBHOOK|TOKEN/.test(k))).toEqual([]);
    for (const [, service] of lakewarden) expect(service.env_file).not.toContain('postgres.env');
  });

  it('would catch the old mistake: the example config mounted as /app/lakewarden.yaml puts the rules at /rules', async () => {
    const mounts = new Map<string, Source>([
      ['/app/lakewarden.yaml', { kind: 'host', path: join(ROOT, 'examples/lakewarden.yaml') }],
    ]);
    const text = readFileSync(join(ROOT, 'examples/lakewarden.yaml'), 'utf8');
    const { problems } = await checkServedPaths('/app/lakewarden.yaml', text, mounts, layout);
    expect(problems).toContain('rules.directory: /rules is not in the container (missing)');
  });
});
