/**
 * Core planning time for 100,000 records (issue 6's figure): printed, not asserted. The register
 * has 2,000 suppliers; a third of the orders are open and late, and the log already holds the chase
 * mails of the previous days, so state is read back from it as a real run does.
 */
import { describe, expect, it } from 'vitest';
import { planChaseRun } from '../../../src/core/chase/plan';
import { renderChaseRun } from '../../../src/core/chase/render';
import {
  chaseLogFromRows,
  chaseMailKey,
  deriveChaseState,
  type ChaseLogRow,
} from '../../../src/core/chase/state';
import { addDays } from '../../../src/core/time';
import { record, registerOf, starterRules, templates } from './fixtures';

const RECORDS = 100_000;
const SUPPLIERS = 2_000;
const DATE = '2026-03-16';

describe('chase planning at 100,000 records', () => {
  it('prints the core planning time', () => {
    const rules = [starterRules()[0]!];
    const suppliers = Array.from({ length: SUPPLIERS }, (_, i) =>
      record('Suppliers', `SUP-${i + 1}`, {
        Name: `Supplier ${i + 1}`,
        'Contact name': null,
        Email: `s${i + 1}@example.com`,
      }),
    );
    const statuses = ['Ordered', 'Delivered', 'Partially delivered', 'Delivered', 'Cancelled', 'Delivered'];
    const orders = Array.from({ length: RECORDS }, (_, i) =>
      record('Purchase Orders', `PO-${i + 1}`, {
        Supplier: `SUP-${(i % SUPPLIERS) + 1}`,
        Description: `Item ${i}`,
        Amount: 100 + (i % 900),
        Currency: 'EUR',
        'Ordered on': '2026-01-05',
        'Expected delivery': addDays('2026-02-02', i % 45),
        'Delivered on': null,
        Status: statuses[i % statuses.length]!,
        Owner: `owner${i % 25}@backoffice.example`,
      }),
    );
    const reg = registerOf([...suppliers, ...orders]);

    // Yesterday's and earlier runs, as Correspondence rows: one grouped mail per supplier and step.
    const log: ChaseLogRow[] = [];
    let state = deriveChaseState([]);
    for (const day of ['2026-03-02', '2026-03-05', '2026-03-11']) {
      const plan = planChaseRun(rules, reg.byTable, state, day, { resolve: reg.resolve });
      for (const m of plan.mails)
        log.push({
          key: chaseMailKey(m),
          when: `${day} 08:00:02`,
          template: m.template,
          recordIds: m.records,
          state: 'SENT',
          threadId: `t-${log.length}`,
          messageId: `m-${log.length}`,
        });
      state = deriveChaseState(chaseLogFromRows(log, rules));
    }

    const t0 = performance.now();
    const entries = chaseLogFromRows(log, rules);
    const fresh = deriveChaseState(entries);
    const t1 = performance.now();
    const plan = planChaseRun(rules, reg.byTable, fresh, DATE, { hour: 9, resolve: reg.resolve });
    const t2 = performance.now();
    const rendered = renderChaseRun(plan, { templates, record: (id) => reg.byId.get(id), ctx: reg.ctx });
    const t3 = performance.now();

    const chased = [...(fresh.chases.get('CHR-0001')?.values() ?? [])].length;
    console.log(
      [
        `chase core, ${RECORDS.toLocaleString('en-US')} purchase orders, ${SUPPLIERS.toLocaleString('en-US')} suppliers, ${chased.toLocaleString('en-US')} in a chase:`,
        `  state from ${log.length.toLocaleString('en-US')} log rows: ${(t1 - t0).toFixed(0)} ms`,
        `  plan: ${(t2 - t1).toFixed(0)} ms -> ${plan.mails.length.toLocaleString('en-US')} mails covering ${plan.mails.reduce((n, m) => n + m.records.length, 0).toLocaleString('en-US')} records, ${plan.skipped.length.toLocaleString('en-US')} skipped`,
        `  render and check those mails: ${(t3 - t2).toFixed(0)} ms`,
      ].join('\n'),
    );
    expect(rendered.plan.mails.length).toBe(plan.mails.length);
  });
});
