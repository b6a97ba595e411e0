// Loads the TypeScript of src/, migrations/ and bench/ on the fly with SWC and the project's
// .swcrc (the same transform as the build and the tests), so `npm run bench` needs no build step.
// Usage: node -r ./bench/register.js bench/run.ts (child processes inherit it via execArgv).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(readFileSync(join(__dirname, '..', '.swcrc'), 'utf8'));
delete swcrc.$schema;

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    filename,
    swcrc: false,
    configFile: false,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
