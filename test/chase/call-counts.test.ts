/**
 * "No service call per row, ever", for a chase run (issue 6, figures): the Apps Script calls of a
 * run over 10,000 purchase orders are those of a run over 1,000 with the same mails due, and grow
 * only with the mails sent, by the same few calls per mail (lock, the step's reads, one write, a
 * flush), as a merge's do.
 */
import { describe, expect, it } from 'vitest';
import { measureChaseCalls } from './chase-calls';

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

describe('Apps Script service calls of a chase run', () => {
  it('do not grow with rows, only with the mails sent', () => {
    const small = measureChaseCalls(1_000, 5);
    const large = measureChaseCalls(10_000, 5);
    expect(large.calls).toEqual(small.calls);
    const more = measureChaseCalls(1_000, 10);
    const perMail: Record<string, number> = {};
    for (const k of new Set([...Object.keys(more.calls), ...Object.keys(small.calls)])) {
      const d = (more.calls[k] ?? 0) - (small.calls[k] ?? 0);
      if (d !== 0) perMail[k] = d / 5;
    }
    for (const [call, n] of Object.entries(perMail))
      expect(Number.isInteger(n), `${call}: ${n} per mail`).toBe(true);
    const perSend = total(perMail);
    const fixed = total(small.calls) - 5 * perSend;
    expect(perSend).toBeLessThanOrEqual(24);
    console.log(
      [
        `chase run service calls (sends excluded): ${total(small.calls)} for 5 mails over 1,000 purchase orders, ${total(large.calls)} over 10,000`,
        `per mail sent: ${perSend} (${JSON.stringify(perMail)}); fixed: ${fixed}`,
        `wall time in the emulator: ${small.ms.toFixed(0)} ms at 1,000 rows, ${large.ms.toFixed(0)} ms at 10,000 rows`,
      ].join('\n'),
    );
  }, 60_000);
});
