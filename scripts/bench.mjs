// `npm run bench`: bundles test/bench/bench.ts for Node (esbuild) and runs it. Prints figures only.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist/bench/bench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/bench/bench.ts')],
  bundle: true,
  outfile,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // The bench reads dist/ relative to the sources it came from.
  define: { __dirname: JSON.stringify(path.join(root, 'test/bench')) },
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
await main();
