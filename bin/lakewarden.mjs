#!/usr/bin/env node
// The source-tree launcher the npm scripts run (`npm run lakewarden`, `npm run demo`). It turns on Node.js's
// module compile cache before the first TypeScript file loads, so a warm run reads `src/cli.ts` and everything
// it imports already type-stripped and compiled and never loads Node.js's type stripper (about 130 ms of a
// run on a 2-core machine; docs/benchmarks.md). Plain JavaScript on purpose: it is the one file Node.js runs
// before the cache is on. The installed bin is `dist/cli.js`; `node src/cli.ts` still works, without this
// saving. https://nodejs.org/api/module.html#moduleenablecompilecachedirectory
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), undefined, true);
