/**
 * "No service call per row, ever" for a merge (issue 5, figures): the Apps Script calls of a merge,
 * leaving out the sends themselves, do not grow with the register's records, only with the mails
 * sent, by the same few calls per mail (lock, the step's reads, one write, a flush).
 */
import { describe, expect, it } from 'vitest';
import { measureMergeCalls as measure } from './merge-calls';

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

function minus(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

describe('Apps Script service calls of a merge', () => {
  it('do not grow with records, and grow with sends by a constant per mail', () => {
    const small = measure(100, 10);
    const large = measure(1_000, 10);
    expect(large).toEqual(small);
    const more = measure(1_000, 30);
    const perMail = minus(more, large);
    for (const [call, n] of Object.entries(perMail))
      expect(n % 20, `${call} grows by ${n} for 20 more mails`).toBe(0);
    const perSend = total(perMail) / 20;
    expect(perSend).toBeLessThanOrEqual(16);
    const base = total(large) - 10 * perSend;
    const perCall = Object.fromEntries(Object.entries(perMail).map(([k, v]) => [k, v / 20]));
    console.log(
      [
        `merge service calls (sends excluded): ${total(small)} for 10 mails at 100 records, ${total(large)} at 1,000 records`,
        `per mail sent: ${perSend} (${JSON.stringify(perCall)}); fixed: ${base}`,
        `a 1,000-record merge sending all 1,000 mails: ${base} + 1,000 x ${perSend} = ${base + 1000 * perSend} calls, plus 1,000 MailApp.sendEmail`,
      ].join('\n'),
    );
  });
});
