/**
 * What the workbench serves besides data: its own page (bundled from `src/workbench/page/` with
 * esbuild at startup) and the sidebar (the same single-file bundle the add-on ships, from
 * `scripts/build.mjs`). Both are built once and kept in memory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * This module runs from `src/workbench/` under tests and from `dist/node/` once bundled, so the
 * repository root is found by walking up to the folder that holds the build script.
 */
export function projectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts/build.mjs')) && existsSync(path.join(dir, 'package.json')))
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find the project root (scripts/build.mjs) above ${from}`);
  }
}

interface BuildScript {
  buildSidebarHtml(opts?: { minify?: boolean }): Promise<string>;
}

/**
 * Loaded at run time by path, not bundled: the build script finds its sources relative to its own
 * location, which bundling into dist/node would change.
 */
async function loadBuildScript(root: string): Promise<BuildScript> {
  const url = pathToFileURL(path.join(root, 'scripts/build.mjs')).href;
  return (await import(/* @vite-ignore */ url)) as BuildScript;
}

export interface PageAssets {
  js: string;
  css: string;
}

export async function buildPage(root = projectRoot()): Promise<PageAssets> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/workbench/page/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    outdir: path.join(root, 'dist/tmp-workbench'),
    loader: { '.css': 'css' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}

export async function buildSidebar(root = projectRoot()): Promise<string> {
  return (await loadBuildScript(root)).buildSidebarHtml();
}

/**
 * The page's policy. An outbox message's HTML part is shown in a sandboxed `srcdoc` frame, which
 * inherits this policy: inline styles are allowed so mail looks as it will arrive (templates style
 * tables inline), and the page itself has nothing to inject them, as it never parses HTML. Scripts
 * stay 'self' only, and images local, so a message cannot call out (no tracking pixels).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function pageHtml(title: string): string {
  const safeTitle = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${safeTitle}</title>
    <link rel="stylesheet" href="/workbench.css" />
    <script src="/workbench.js" defer></script>
  </head>
  <body>
    <noscript>The workbench needs JavaScript.</noscript>
  </body>
</html>
`;
}
