/**
 * Counts every emulated service call as 'Class.method'. Benchmarks and tests assert on these counts
 * (DESIGN: "one getValues and one setValues per table per operation").
 */
export class CallLog {
  private readonly counts = new Map<string, number>();
  private readonly order: string[] = [];

  record(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.order.push(name);
  }

  /** Total calls, or calls of one 'Class.method', or of every method of a class when given 'Class.*'. */
  count(name?: string): number {
    if (name === undefined) return this.order.length;
    if (name.endsWith('.*')) {
      const prefix = name.slice(0, -1);
      let total = 0;
      for (const [key, n] of this.counts) if (key.startsWith(prefix)) total += n;
      return total;
    }
    return this.counts.get(name) ?? 0;
  }

  byName(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Calls in the order they happened, e.g. to assert that a flush came before a send. */
  sequence(): string[] {
    return [...this.order];
  }

  reset(): void {
    this.counts.clear();
    this.order.length = 0;
  }
}
