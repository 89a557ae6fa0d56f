/**
 * Turns on Node.js's on-disk module compile cache (`module.enableCompileCache()`, Node 22.1+) for the modules
 * loaded after this one, i.e. everything a command imports on demand: later runs read V8's cached code instead
 * of compiling again. The directory is `NODE_COMPILE_CACHE` when set (read by Node.js itself), else
 * `<os tmpdir>/node-compile-cache`; `NODE_DISABLE_COMPILE_CACHE=1` turns it off. A cache that cannot be used
 * (read-only disk) is skipped silently by Node.js.
 * https://nodejs.org/api/module.html#moduleenablecompilecachedirectory
 */
// A namespace import: a named import of a missing export would fail at link time on an old Node.js, before
// node-version-guard.ts could print which version is needed.
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();
