/**
 * The first module the `lakewarden` bin evaluates (the first import of src/cli.ts): on a Node.js older than the
 * package supports it prints which version is needed and how to get it, and exits 2 before any other module —
 * native ones such as better-sqlite3, which crashes on Node 20 — is loaded. Keep this file free of imports.
 */

/** Oldest Node.js the installed package runs on; equals `engines.node` in package.json. */
export const MINIMUM_NODE = '22.12.0';

/**
 * Why this Node.js cannot run lakewarden, or undefined when it can.
 * @param version `process.versions.node`, e.g. `20.20.2`
 */
export function nodeVersionProblem(version: string): string | undefined {
  if (compareVersions(version, MINIMUM_NODE) >= 0) return undefined;
  return [
    `lakewarden needs Node.js ${MINIMUM_NODE} or newer; this is Node.js ${version}.`,
    'Run it on Node.js 24 without changing your installation: npx -p node@24 -p lakewarden lakewarden <command>',
    'or install Node.js 24 LTS (https://nodejs.org/en/download) or switch with your version manager (nvm install 24).',
  ].join('\n');
}

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`error (invalid input or configuration): ${problem}\n`);
  process.exit(2);
}
