// Builds every target from one codebase (README: "Building"):
//   dist/gas/     Code.js (one IIFE + generated top-level stubs), Sidebar.html (self-contained), appsscript.json
//   dist/office/  task pane, function file, manifest.xml (scripts/build-office.mjs)
//   dist/node/    the `backoffice` CLI and the workbench server, for Node
// esbuild, not webpack + gas-webpack-plugin: one fast tool for all three targets, and the Apps Script
// entry points come from one list in code (addon/gas/entry-points.ts) rather than from comments.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { buildOffice } from './build-office.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const GAS_NAMESPACE = 'BackofficeRegister';

/** The sidebar as one HTML file: Apps Script serves single files, so script and styles are inlined. */
export async function buildSidebarHtml({ minify = true } = {}) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'sidebar/main.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    minify,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: path.join(dist, 'tmp-sidebar'),
    loader: { '.css': 'css' },
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const shell = await readFile(path.join(root, 'sidebar/shell.html'), 'utf8');
  // A literal "</script" or "</style" inside the code would end the inline element early.
  const safeJs = js.replace(/<\/(script)/gi, '<\\/$1');
  const safeCss = css.replace(/<\/(style)/gi, '<\\/$1');
  if (!shell.includes('<!-- STYLES -->') || !shell.includes('<!-- SCRIPT -->'))
    throw new Error('sidebar/shell.html must contain <!-- STYLES --> and <!-- SCRIPT --> markers');
  return shell
    .replace('<!-- STYLES -->', () => `<style>${safeCss}</style>`)
    .replace('<!-- SCRIPT -->', () => `<script>${safeJs}</script>`);
}

/**
 * Code.js: the bundle is an IIFE assigned to one global; Apps Script finds menu actions, triggers and
 * google.script.run targets by top-level function name, so a stub is generated for every export
 * of addon/gas/entry-points.ts (read from the bundle itself, so the list exists once).
 */
export async function buildGas() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'addon/gas/entry-points.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GAS_NAMESPACE,
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    minify: false,
    legalComments: 'none',
    charset: 'utf8',
  });
  const bundle = result.outputFiles[0].text;
  const context = vm.createContext({});
  vm.runInContext(`${bundle}\nthis.__names = Object.keys(${GAS_NAMESPACE});`, context);
  const names = context.__names;
  if (!Array.isArray(names) || names.length === 0)
    throw new Error('addon/gas/entry-points.ts exports no entry points');
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`Entry point "${name}" is not a valid function name`);
  }
  const stubs = names
    .map((name) => `function ${name}(...args) {\n  return ${GAS_NAMESPACE}.${name}(...args);\n}`)
    .join('\n\n');
  const code = `// Backoffice Register, built ${new Date().toISOString().slice(0, 10)}. Generated file: edit the sources, not this.\n${bundle}\n// Top-level entry points (menu actions, triggers, google.script.run), generated from addon/gas/entry-points.ts.\n${stubs}\n`;
  await mkdir(path.join(dist, 'gas'), { recursive: true });
  await writeFile(path.join(dist, 'gas/Code.js'), code);
  await writeFile(path.join(dist, 'gas/Sidebar.html'), await buildSidebarHtml());
  await copyFile(path.join(root, 'appsscript.json'), path.join(dist, 'gas/appsscript.json'));
  return { entryPoints: names };
}

/** The CLI and the workbench server, for Node (dependencies stay in node_modules). */
export async function buildNode() {
  await esbuild.build({
    entryPoints: {
      backoffice: path.join(root, 'src/cli/main.ts'),
      workbench: path.join(root, 'src/workbench/main.ts'),
    },
    bundle: true,
    outdir: path.join(dist, 'node'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
}

export async function buildAll() {
  await rm(path.join(dist, 'gas'), { recursive: true, force: true });
  const gas = await buildGas();
  await buildOffice({ outDir: path.join(dist, 'office') });
  await buildNode();
  return gas;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const gas = await buildAll();
  console.log(
    `built dist/gas (${gas.entryPoints.length} entry points), dist/office, dist/node in ${Date.now() - started} ms`,
  );
}
