import { describe, expect, it } from 'vitest';
import { describeForecast, forecastQuota } from '../../../src/core/mail/quota';

const mail = (to: string[], cc: string[] = [], bcc: string[] = []) => ({ to, cc, bcc });

describe('quota forecast', () => {
  const mails = [
    mail(['a@x.example'], ['b@x.example'], ['c@x.example']), // 3
    mail(['a@x.example', 'A@x.example'], [], ['a@x.example']), // 1: one person, however often listed
    mail(['d@x.example', 'e@x.example']), // 2
    mail(['f@x.example']), // 1
  ];

  it('counts To + Cc + Bcc, each address once per mail', () => {
    const f = forecastQuota(mails, 100);
    expect(f).toEqual({
      mails: 4,
      recipients: 7,
      remainingQuota: 100,
      mailsThatFit: 4,
      recipientsThatFit: 7,
      fitsAll: true,
    });
    expect(describeForecast(f)).toBe("4 mails, 7 recipients; 100 of today's quota left: all fit.");
  });

  it('says how many mails fit, in sending order', () => {
    const f = forecastQuota(mails, 5);
    expect(f.mailsThatFit).toBe(2);
    expect(f.recipientsThatFit).toBe(4);
    expect(f.fitsAll).toBe(false);
    // The fourth mail (1 recipient) would fit, but a run stops at the first that does not.
    expect(describeForecast(f)).toBe(
      "4 mails, 7 recipients; 5 of today's quota left: 2 mails fit today; the rest wait for the next run.",
    );
  });

  it('handles an exhausted quota and an empty merge', () => {
    expect(forecastQuota(mails, 0).mailsThatFit).toBe(0);
    expect(forecastQuota(mails, -3).remainingQuota).toBe(0);
    expect(forecastQuota([], 10)).toMatchObject({ mails: 0, recipients: 0, mailsThatFit: 0, fitsAll: true });
  });
});
