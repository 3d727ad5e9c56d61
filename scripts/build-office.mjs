// Builds the Excel add-in into one folder a static HTTPS host can serve as is:
//
//   taskpane.html, taskpane.js     the task pane (every ShowTaskpane button), with the shared sidebar
//                                  (sidebar/main.tsx) in taskpane.js and its stylesheet inlined in the page
//   commands.html, commands.js     the function file (ExecuteFunction buttons)
//   assets/icon-*.png              manifest and ribbon icons
//   manifest.xml                   the root manifest with https://localhost:3000 replaced by `origin`
//
// OFFICE_CLIENT_ID (or `clientId`) is the client ID of the Azure app registration the Graph mail signs in
// with (docs/excel.md); it is compiled into taskpane.js as __OFFICE_CLIENT_ID__ (addon/office/config.ts).
// Without it the add-in builds and runs, and sending mail says how to set it up.
//
// The lead's scripts/build.mjs calls buildOffice(); `node scripts/build-office.mjs` runs it alone.
// esbuild bundles each entry to one IIFE for the browser: no module loader on the page, nothing leaks into
// the global scope but what the code puts there on purpose (commands.ts exposes its handlers). The task pane
// imports the sidebar with import(): without code splitting esbuild keeps it in taskpane.js and runs it
// only when the pane asks, after window.backofficeRpc exists. Its CSS goes into taskpane.html, where the
// <!-- SIDEBAR STYLES --> marker is, so the folder keeps its two pages and two scripts.
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where taskpane.html takes the sidebar's stylesheet. */
const SIDEBAR_STYLES = '<!-- SIDEBAR STYLES -->';

/** The origin manifest.xml is written for: the Office dev server's default. */
export const DEFAULT_ORIGIN = 'https://localhost:3000';

/** Office loads add-in pages over HTTPS only (learn.microsoft.com/office/dev/add-ins/develop/add-in-manifests). */
export function assertHttpsOrigin(origin) {
  const hint =
    'OFFICE_ORIGIN must be an https origin such as https://addin.example.com or https://host:4443 ' +
    '(scheme, lowercase host and optional port; no path, query or trailing slash)';
  if (typeof origin !== 'string' || origin === '') throw new Error(`${hint}; got ${JSON.stringify(origin)}`);
  let url;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`${hint}; got ${JSON.stringify(origin)}, which is not a URL`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`${hint}; got ${JSON.stringify(origin)}, which is not https`);
  // URL#origin drops paths, queries, credentials and default ports and lowercases the host, so any of those
  // (or a trailing slash) makes it differ from what was given.
  if (url.origin !== origin || url.username || url.password) {
    throw new Error(`${hint}; got ${JSON.stringify(origin)} (did you mean ${JSON.stringify(url.origin)}?)`);
  }
  return origin;
}

/** An Entra ID application (client) ID is a GUID; '' means "not configured". */
export function assertClientId(clientId) {
  const id = typeof clientId === 'string' ? clientId.trim() : '';
  if (id !== '' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new Error(
      `OFFICE_CLIENT_ID must be the Application (client) ID of your Azure app registration, a GUID such as ` +
        `0b8f1a2c-3d4e-4f50-8a9b-0c1d2e3f4a5b; got ${JSON.stringify(clientId)}`,
    );
  return id;
}

/** Replaces the dev origin in manifest XML; the lookahead keeps https://localhost:30001 from half-matching. */
export function rewriteManifestOrigin(xml, origin) {
  assertHttpsOrigin(origin);
  return xml.replace(/https:\/\/localhost:3000(?![0-9])/g, origin);
}

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Builds the Office add-in into `outDir` (relative to the repository root unless absolute).
 * Existing files there are overwritten, others are left alone: clean the folder first for a fresh build.
 * @param {{ outDir?: string, origin?: string, clientId?: string }} [options]
 * @returns {Promise<{ files: string[] }>} absolute paths of every file written, sorted
 */
export async function buildOffice({
  outDir = 'dist/office',
  origin = process.env.OFFICE_ORIGIN ?? DEFAULT_ORIGIN,
  clientId = process.env.OFFICE_CLIENT_ID ?? '',
} = {}) {
  // Fail on a bad origin or client ID before writing anything.
  assertHttpsOrigin(origin);
  const client = assertClientId(clientId);
  const out = path.resolve(repoRoot, outDir);
  const source = path.join(repoRoot, 'addon', 'office');
  await mkdir(out, { recursive: true });

  const result = await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: {
      taskpane: path.join(source, 'taskpane.ts'),
      commands: path.join(source, 'commands.ts'),
    },
    outdir: out,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"', __OFFICE_CLIENT_ID__: JSON.stringify(client) },
    logLevel: 'silent',
  });
  const files = [];
  let sidebarCss = '';
  for (const output of result.outputFiles) {
    if (output.path.endsWith('.css')) {
      sidebarCss += output.text;
      continue;
    }
    await writeFile(output.path, output.contents);
    files.push(output.path);
  }

  await cp(path.join(source, 'commands.html'), path.join(out, 'commands.html'));
  files.push(path.join(out, 'commands.html'));
  const page = await readFile(path.join(source, 'taskpane.html'), 'utf8');
  if (!page.includes(SIDEBAR_STYLES))
    throw new Error(`addon/office/taskpane.html lacks the ${SIDEBAR_STYLES} marker`);
  // A literal "</style" in the CSS would end the element early.
  const style = `<style>${sidebarCss.replace(/<\/(style)/gi, '<\\/$1')}</style>`;
  await writeFile(
    path.join(out, 'taskpane.html'),
    page.replace(SIDEBAR_STYLES, () => style),
  );
  files.push(path.join(out, 'taskpane.html'));
  await cp(path.join(source, 'assets'), path.join(out, 'assets'), { recursive: true });
  files.push(...(await listFiles(path.join(out, 'assets'))));

  const manifest = await readFile(path.join(repoRoot, 'manifest.xml'), 'utf8');
  if (!manifest.includes(DEFAULT_ORIGIN)) {
    throw new Error(`manifest.xml no longer uses ${DEFAULT_ORIGIN}, so the origin cannot be replaced`);
  }
  await writeFile(path.join(out, 'manifest.xml'), rewriteManifestOrigin(manifest, origin));
  files.push(path.join(out, 'manifest.xml'));

  return { files: files.sort() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { files } = await buildOffice();
    for (const file of files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
