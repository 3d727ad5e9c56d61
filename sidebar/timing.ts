/**
 * Named timings (User Timing API) that tests and DevTools read: when the list became usable, when a
 * form became interactive, how long a keystroke's filtering took. Never allowed to break the UI:
 * an older webview without User Timing Level 3 simply records nothing.
 */
export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // No timing, no harm.
  }
}

/** Keep only the latest measure of a name, so a long session does not pile up entries. */
export function measureSince(name: string, start: number): void {
  try {
    performance.clearMeasures(name);
    performance.measure(name, { start });
  } catch {
    // As above.
  }
}
