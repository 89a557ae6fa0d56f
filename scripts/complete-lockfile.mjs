// npm 11 leaves out of package-lock.json the platform-specific optional packages it cannot resolve (some
// are not published to the registry this project installs from, e.g. @biomejs/cli-android-arm64), and
// then `npm ci` refuses the lockfile ("Missing: @biomejs/cli-darwin-arm64@ from lock file"; npm/cli#4828,
// #8320). This adds an entry for every optional dependency of a locked package that has none: version
// and integrity from the registry when it has the package, else version, os and cpu only. `npm ci` then
// accepts the lockfile and skips these packages on platforms they do not match.
// Run after changing dependencies: `node scripts/complete-lockfile.mjs`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

function fromName(name) {
  const os = ['android', 'darwin', 'linux', 'win32', 'freebsd'].find((o) => name.includes(`-${o}-`)) ?? 'none';
  const cpu = ['arm64', 'x64', 'ia32', 'arm'].find((c) => new RegExp(`-${c}(-|$)`).test(name)) ?? 'none';
  return { os: [os], cpu: [cpu], ...(name.includes('-musl') ? { libc: ['musl'] } : {}) };
}

function registryInfo(name, version) {
  try {
    const info = JSON.parse(
      execFileSync('npm', ['view', `${name}@${version}`, '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const one = Array.isArray(info) ? info.at(-1) : info;
    return {
      version: one.version,
      integrity: one.dist.integrity,
      os: one.os,
      cpu: one.cpu,
      libc: one.libc,
      license: one.license,
    };
  } catch {
    return undefined;
  }
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path === '' ? '' : `${path}/`}node_modules/${name}`;
    if (packages[nested] !== undefined || packages[`node_modules/${name}`] !== undefined) continue;
    const info = registryInfo(name, range);
    const platform = fromName(name);
    packages[`node_modules/${name}`] = {
      version: info?.version ?? range,
      ...(info?.integrity === undefined ? {} : { integrity: info.integrity }),
      cpu: info?.cpu ?? platform.cpu,
      ...(entry.dev === true ? { dev: true } : {}),
      ...((info?.libc ?? platform.libc) === undefined ? {} : { libc: info?.libc ?? platform.libc }),
      ...(info?.license === undefined ? {} : { license: info.license }),
      optional: true,
      os: info?.os ?? platform.os,
    };
    added++;
    console.log(
      `added ${name}@${info?.version ?? range}${info === undefined ? ' (not in the registry: platform fields from its name)' : ''}`,
    );
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} entries added`);
