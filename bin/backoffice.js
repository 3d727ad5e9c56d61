#!/usr/bin/env node
// The `backoffice` command. Runs the bundle in dist/node, building it first if it is missing (a
// fresh checkout): the build's own output goes to stderr, so stdout carries only the command's.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/node/backoffice.mjs', import.meta.url);

if (!existsSync(bundle)) {
  const build = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [build], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0 || !existsSync(bundle)) {
    process.stderr.write('backoffice: the build failed (see above); run `npm run build` and try again.\n');
    process.exit(1);
  }
}

await import(bundle.href);
