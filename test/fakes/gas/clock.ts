/**
 * The fake clock every emulated service reads. Apps Script code under test must never see real time:
 * the 6-minute budget, lock waits, Utilities.sleep and trigger schedules all run on this clock.
 */
export class FakeClock {
  private ms: number;

  constructor(start: number) {
    this.ms = start;
  }

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`FakeClock.advance: invalid duration ${ms}`);
    this.ms += ms;
  }

  /** Moves forward to `ms` if it is later than now; never moves backwards. */
  advanceTo(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }
}
