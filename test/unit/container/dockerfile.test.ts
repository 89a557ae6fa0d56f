import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * No Docker engine runs in CI, so the Dockerfile is kept honest by reading it (renovate's
 * validate-docker test does the same): multi-stage, Node 24 slim, production-only dependencies,
 * non-root, health check, exec-form start, runtime data copied, state on a volume, and the same
 * install/build commands CI runs.
 */
const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('is multi-stage on a Node 24 slim image', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24-[a-z]+-slim/);
  });

  it('installs production dependencies only in the runtime image, and builds like CI', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(ci).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.json');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/ENV NODE_ENV=production/);
    expect(runtime).toMatch(/--from=prod-deps \/app\/node_modules/);
  });

  it('runs as a non-root user with a health check and an exec-form start', () => {
    const runtime = instructions.slice(instructions.findLastIndex((l) => l.startsWith('FROM ')));
    expect(runtime).toContain('USER node');
    expect(runtime.some((l) => /^HEALTHCHECK .*CMD \[/.test(l) && l.includes('/healthz'))).toBe(true);
    expect(runtime.some((l) => /^ENTRYPOINT \["node",/.test(l))).toBe(true);
    expect(runtime.some((l) => /^CMD \[".+"\]$/.test(l))).toBe(true);
  });

  it('ships rules and templates and keeps state on a volume', () => {
    expect(dockerfile).toMatch(/COPY --chown=node:node rules \.\/rules/);
    expect(dockerfile).toMatch(/COPY --chown=node:node templates \.\/templates/);
    expect(dockerfile).toMatch(/VOLUME \["\/app\/\.lakewarden"\]/);
  });
});
