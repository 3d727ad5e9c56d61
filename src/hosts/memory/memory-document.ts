/**
 * A workbook held in memory: the reference host for the conformance suite and for core tests.
 * Counts reads and writes the way the benchmarks count service calls elsewhere.
 */
import { RegisterError } from '../../core/errors';
import { applyPlanInMemory } from '../../core/memory-apply';
import type { Plan } from '../../core/plan';
import type { HostEnv } from '../../core/records';
import { filterRows, type TableSnapshot } from '../../core/table';
import type { RowFilter, SyncDocument } from '../../ports';

export class MemoryDocument implements SyncDocument {
  readonly kind = 'memory' as const;
  readonly tables = new Map<string, TableSnapshot>();
  readonly counts = { reads: 0, applies: 0 };
  private locked = false;

  constructor(private readonly environment: () => HostEnv) {}

  env(): HostEnv {
    return this.environment();
  }

  withLock<T>(fn: () => T): T {
    if (this.locked)
      throw new RegisterError(
        'busy',
        'Another change to this register is in progress; try again in a moment.',
      );
    this.locked = true;
    try {
      return fn();
    } finally {
      this.locked = false;
    }
  }

  sheetNames(): string[] {
    return [...this.tables.keys()];
  }

  /** Filters are applied, as Excel applies them: the decisions over a filtered read are tested here. */
  read(sheets: readonly string[], filters: readonly RowFilter[] = []): Map<string, TableSnapshot> {
    this.counts.reads++;
    const out = new Map<string, TableSnapshot>();
    for (const name of sheets) {
      const t = this.tables.get(name);
      if (!t) continue;
      const filter = filters.find((f) => f.sheet === name);
      const rows = filter ? filterRows(t, filter.column, filter.keys).rows : t.rows;
      // Copies: a decision must never see (or cause) a change behind its back.
      out.set(name, { name, header: [...t.header], rows: rows.map((r) => [...r]) });
    }
    return out;
  }

  apply(plan: Plan): void {
    this.counts.applies++;
    // Apply to a copy and swap it in, so a failing plan leaves nothing half-written.
    const copy = new Map<string, TableSnapshot>();
    for (const [k, t] of this.tables)
      copy.set(k, { name: k, header: [...t.header], rows: t.rows.map((r) => [...r]) });
    applyPlanInMemory(plan, copy);
    this.tables.clear();
    for (const [k, t] of copy) this.tables.set(k, t);
  }
}
