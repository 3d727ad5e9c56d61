/**
 * Build once before any test: the Apps Script tests load the real dist/gas/Code.js, the browser
 * tests the real sidebar, the CLI tests the real dist/node/backoffice.mjs.
 */
export default async function setup(): Promise<void> {
  const { buildAll } = await import('../scripts/build.mjs');
  await buildAll();
}
