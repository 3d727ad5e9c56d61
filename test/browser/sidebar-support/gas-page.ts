/**
 * The Apps Script sidebar on the real bundle: run a menu function, take the HTML it handed to
 * showSidebar, and serve it in Chromium with google.script.run carried to Code.js in the emulator
 * (what gas-sidebar.test.ts does, as a helper for the merge and summary tests).
 */
import type { Browser, Page } from 'playwright-core';
import type { GasBundle } from '../../gas/bundle-harness';

export async function openGasSidebar(
  browser: Browser,
  gas: GasBundle,
  menuFunction: string,
  user: string,
): Promise<{ page: Page; calls: string[] }> {
  gas.run(menuFunction, [], { user });
  const html = gas.env.ui.sidebars.at(-1)!.html;
  const page = await (await browser.newContext({ viewport: { width: 300, height: 700 } })).newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  const calls: string[] = [];
  await page.exposeFunction('__runServerFunction', (name: string, args: unknown[]) => {
    if (name === 'rpc') calls.push(String(args[0]));
    return gas.run(name, args, { user });
  });
  await page.addInitScript(() => {
    type Handlers = { ok?: (v: unknown) => void; fail?: (e: unknown) => void };
    const call = (window as unknown as { __runServerFunction(n: string, a: unknown[]): Promise<unknown> })
      .__runServerFunction;
    const runner = (h: Handlers): unknown =>
      new Proxy(
        {},
        {
          get: (_t, prop: string) => {
            if (prop === 'withSuccessHandler') return (ok: Handlers['ok']) => runner({ ...h, ok });
            if (prop === 'withFailureHandler') return (fail: Handlers['fail']) => runner({ ...h, fail });
            return (...args: unknown[]) =>
              void call(prop, args).then(
                (v) => h.ok?.(v),
                (e) => h.fail?.(e),
              );
          },
        },
      );
    (window as unknown as { google: unknown }).google = { script: { run: runner({}) } };
  });
  // Served from a page URL (init scripts do not run for setContent's about:blank).
  await page.route('http://sidebar.test/', (route) =>
    route.fulfill({ contentType: 'text/html', body: html }),
  );
  await page.goto('http://sidebar.test/');
  return { page, calls };
}

/** A sheet of the emulated spreadsheet as objects keyed by its header. */
export function sheetRows(gas: GasBundle, sheet: string): Record<string, unknown>[] {
  const [header, ...rows] = gas.env.spreadsheet.read(sheet) as unknown[][];
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
}
