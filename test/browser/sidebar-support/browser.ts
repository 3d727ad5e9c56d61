/** Debian's Chromium driven by playwright-core (never a downloaded browser), plus axe-core. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Run axe on what is visible now; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${view}: ${JSON.stringify(blocking, null, 1)}`).toEqual([]);
}

/**
 * Host stand-ins injected before the sidebar loads. `gas` fakes google.script.run over the test
 * server's /gas/ route (a JSON string per reply, like Apps Script); `office` sets window.backofficeRpc
 * (an Rpc whose errors carry `payload`, like the task pane's); `workbench` injects nothing.
 */
export type HostName = 'gas' | 'office' | 'workbench';

export async function installHost(page: Page, host: HostName): Promise<void> {
  if (host === 'gas') {
    await page.addInitScript(() => {
      type Handlers = { ok?: (v: unknown) => void; fail?: (e: unknown) => void };
      const runner = (h: Handlers): unknown => ({
        withSuccessHandler: (ok: (v: unknown) => void) => runner({ ...h, ok }),
        withFailureHandler: (fail: (e: unknown) => void) => runner({ ...h, fail }),
        rpc: (method: string, payloadJson: string) => {
          fetch(`/gas/${method}`, { method: 'POST', body: payloadJson })
            .then((r) => r.json())
            .then(
              (json) => h.ok?.(json),
              (e) => h.fail?.(e),
            );
        },
      });
      (window as unknown as { google: unknown }).google = { script: { run: runner({}) } };
    });
  } else if (host === 'office') {
    await page.addInitScript(() => {
      (window as unknown as { backofficeRpc: unknown }).backofficeRpc = {
        async call(method: string, request: unknown) {
          const reply = await (
            await fetch(`/rpc/${method}`, { method: 'POST', body: JSON.stringify(request) })
          ).json();
          if (reply.ok) return reply.value;
          throw Object.assign(new Error(reply.error.message), { payload: reply.error });
        },
      };
    });
  }
}

/** The sidebar exactly as `npm run build` writes dist/gas/Sidebar.html. */
export async function builtSidebarHtml(): Promise<string> {
  // scripts/build.mjs has no type declarations; the path is a plain string so tsc leaves it alone.
  const buildScript: string = '../../../scripts/build.mjs';
  const build = (await import(buildScript)) as { buildSidebarHtml(): Promise<string> };
  return build.buildSidebarHtml();
}

/**
 * The whole page at its width: the viewport grows to the page's height first, so sticky footers
 * sit at the end, where a reader of the picture expects them, not over the middle.
 */
export async function shoot(page: Page, file: string): Promise<void> {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size?.width ?? 300, height });
  await page.screenshot({ path: file });
  if (size) await page.setViewportSize(size);
}
