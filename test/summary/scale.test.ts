/**
 * A report over 100,000 rows: the starter reports computed in core over tables of that size (the
 * time of each is printed, as the figures the issue asks for), checked against totals counted
 * independently, and one whole build through the memory host.
 */
import { describe, expect, it } from 'vitest';
import { summaryView, type BuildResult } from '../../src/core/summary';
import { bigRegister, coreTimes, STARTER_REPORT_NAMES } from './big-register';
import { TODAY } from './helpers';

const N = 100_000;

describe(`starter reports over ${N.toLocaleString('en-US')} rows`, () => {
  const { reg, snap } = bigRegister(N);
  const reports = STARTER_REPORT_NAMES;

  it('compute in core in well under a second each, with totals that match an independent count', () => {
    const times = coreTimes(snap);
    console.log(
      `Core time per starter report at ${N.toLocaleString('en-US')} rows (median of 3):\n${Object.entries(
        times,
      )
        .map(([r, ms]) => `  ${r}: ${ms} ms`)
        .join('\n')}`,
    );
    const views = Object.fromEntries(reports.map((report) => [report, summaryView(snap, { report })]));
    const po = reg.doc.tables.get('Purchase Orders')!;
    const col = (name: string) => po.header.indexOf(name);
    const overdue = po.rows.filter(
      (r) =>
        ['Ordered', 'Partially delivered'].includes(r[col('Status')] as string) &&
        (r[col('Expected delivery')] as { date: string }).date < TODAY,
    );
    expect(views['Overdue deliveries by supplier']!.total![1]).toBe(overdue.length);
    expect(views['Overdue deliveries by supplier']!.total![2]).toBe(
      overdue.reduce((a, r) => a + (r[col('Amount')] as number), 0),
    );
    expect(views['Tasks by department and status']!.total).toEqual(['Total', 33_334, 33_333, 33_333, N]);
    // Suppliers 4, 8 and 12 only have paid invoices (k % 4 = 3 whenever k % 12 is 3, 7 or 11).
    expect(views['Payables ageing']!.rows).toHaveLength(9);
    expect(views['Spend by supplier by month']!.rows).toHaveLength(12);
    expect(views['Open requests by owner']!.rows).toHaveLength(25);
    expect(views['Open requests by owner']!.total![1]).toBe((N * 3) / 4);
    expect(views['Correspondence this month']!.matched).toBeGreaterThan(0);
    for (const view of Object.values(views)) expect(view.matched).toBeGreaterThan(0);
  });

  it('build, all six, through the memory host', () => {
    const t = performance.now();
    const built = reg.call<BuildResult>('buildSummaries', {});
    console.log(
      `Memory host, build all six at ${N.toLocaleString('en-US')} rows: ${(performance.now() - t).toFixed(0)} ms`,
    );
    expect(built.failed).toEqual([]);
    expect(reg.doc.tables.get('Payables ageing')!.rows.length).toBeLessThan(40);
  });
});
