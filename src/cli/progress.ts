/**
 * A progress bar on stderr, drawn only when stderr is a terminal: redirected to a file or a pipe
 * it would be noise. Redraws in place with a carriage return, at most once per percent.
 */
import type { TextSink } from './io';

const BAR_WIDTH = 28;

export class ProgressBar {
  private label = '';
  private total = 0;
  private drawnPercent = -1;
  private drawn = false;

  constructor(
    private readonly sink: TextSink,
    private readonly enabled: boolean,
  ) {}

  /** Start a phase; `total` 0 shows the label alone (a step of unknown length). */
  phase(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.drawnPercent = -1;
    this.update(0);
  }

  update(done: number): void {
    if (!this.enabled) return;
    const percent = this.total > 0 ? Math.min(100, Math.floor((done / this.total) * 100)) : 0;
    if (percent === this.drawnPercent) return;
    this.drawnPercent = percent;
    const fill = Math.round((percent / 100) * BAR_WIDTH);
    const bar =
      this.total > 0
        ? ` [${'#'.repeat(fill)}${'-'.repeat(BAR_WIDTH - fill)}] ${String(percent).padStart(3)}%`
        : ' …';
    const count =
      this.total > 0
        ? `  ${Math.min(done, this.total).toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}`
        : '';
    // \x1b[2K clears the line (ECMA-48 "Erase in Line"), so a shorter redraw leaves no tail.
    this.sink.write(`\r\x1b[2K${this.label.padEnd(11)}${bar}${count}`);
    this.drawn = true;
  }

  /** Clear the bar, leaving the terminal as it was. */
  finish(): void {
    if (this.enabled && this.drawn) this.sink.write('\r\x1b[2K');
    this.drawn = false;
  }
}
