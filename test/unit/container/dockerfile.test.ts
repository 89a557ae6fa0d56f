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
  devDependencies: Record<string, string>;
  license: string;
  version: string;
  repository: { url: string };
};
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('is multi-stage on an exact Node 24 release (the pinned one npm scripts use) and an exact Debian release', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    const nodeVersion = /^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
    expect(nodeVersion).toMatch(/^24\.\d+\.\d+$/);
    expect(nodeVersion).toBe(pkg.devDependencies.node);
    expect(dockerfile).toMatch(/^ARG DEBIAN_RELEASE=(bookworm|trixie)$/m);
    // The digest is a documented build argument, appended to the exact tag.
    expect(dockerfile).toMatch(/^ARG NODE_DIGEST=$/m);
    expect(dockerfile).toMatch(/--build-arg NODE_DIGEST=@sha256:/);
    expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-\$\{DEBIAN_RELEASE\}-slim\$\{NODE_DIGEST\} AS base$/m);
  });

  it('labels the image with the OCI annotations, matching package.json', () => {
    const label = (key: string) => new RegExp(`org\\.opencontainers\\.image\\.${key}="([^"]*)"`).exec(dockerfile)?.[1];
    expect(label('title')).toBe('lakewarden');
    expect(label('licenses')).toBe(pkg.license);
    expect(/^ARG VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(pkg.version);
    const arg = (name: string) => `\${${name}}`;
    expect(label('version')).toBe(arg('VERSION'));
    expect(label('revision')).toBe(arg('REVISION'));
    expect(pkg.repository.url).toBe(`git+${label('source')}.git`);
    expect(label('base.name')).toContain(`node:${arg('NODE_VERSION')}-${arg('DEBIAN_RELEASE')}-slim`);
  });

  it('installs production dependencies only in the runtime image, and builds like CI', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev --no-audit --no-fund/);
    // The same install and build commands as .ci/run.
    expect(dockerfile).toMatch(/RUN .*npm ci --no-audit --no-fund$/m);
    expect(ci).toMatch(/^npm ci --no-audit --no-fund /m);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(ci).toMatch(/^npm run build /m);
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
