#!/usr/bin/env node
'use strict';

// The CLI ships compiled; this launcher only finds it and explains what to do when it is missing.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`escucha: ${main} is missing: run npm run build first\n`);
  process.exit(1);
}
require(main);
