/**
 * The sidebar's own timing marks (sidebar/timing.ts), read from the page: used by the browser test
 * (which reports them) and by `npm run bench` (which prints them). Figures, never assertions.
 */
import type { Page } from 'playwright-core';

/** Click a button and wait for the form it opens to be interactive; milliseconds from the click. */
export function timeToForm(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const start = performance.now();
    document.querySelector<HTMLButtonElement>(sel)!.click();
    return new Promise<number>((resolve) => {
      const poll = () => {
        const ready = performance.getEntriesByName('sidebar:form-ready').find((e) => e.startTime >= start);
        if (ready) resolve(ready.startTime - start);
        else setTimeout(poll, 1);
      };
      poll();
    });
  }, selector);
}

/** Type `text` into the focused Find box a key at a time; each keystroke's filter time, sorted. */
export async function filterTimes(page: Page, text: string): Promise<number[]> {
  const perKey: number[] = [];
  for (const key of text) {
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    perKey.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const poll = () => {
              const entry = performance.getEntriesByName('sidebar:filter')[0];
              if (!entry) return void setTimeout(poll, 1);
              performance.clearMeasures('sidebar:filter');
              resolve(entry.duration);
            };
            poll();
          }),
      ),
    );
  }
  return perKey.sort((a, b) => a - b);
}
