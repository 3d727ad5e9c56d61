/**
 * Mailers for the merge tests: they deliver into an array, count recipients against a quota the
 * way Apps Script does (To + Cc + Bcc), and let a test act at the moment of the k-th send.
 */
import type { AsyncMailer, OutgoingMail, SentReceipt, SyncMailer } from '../../src/ports';

export interface Delivered extends OutgoingMail {
  n: number;
}

export class FakeMailer implements SyncMailer {
  readonly kind = 'fake';
  readonly delivered: Delivered[] = [];
  /** Sends attempted, delivered or not. */
  attempts = 0;
  /** Runs before the k-th send (1-based); throwing from it fails that send. */
  readonly before = new Map<number, () => void>();

  constructor(public quota = Number.POSITIVE_INFINITY) {}

  remainingQuota(): number {
    return this.quota;
  }

  send(mail: OutgoingMail): SentReceipt {
    const n = ++this.attempts;
    this.before.get(n)?.();
    const recipients = new Set([...mail.to, ...mail.cc, ...mail.bcc].map((a) => a.toLowerCase())).size;
    if (recipients > this.quota) throw new Error('Service invoked too many times for one day: email.');
    this.quota -= recipients;
    this.delivered.push({ ...mail, n });
    return { messageId: `<m${n}@fake>`, threadId: `t${n}` };
  }
}

/** The same, for the asynchronous hosts. */
export class FakeAsyncMailer implements AsyncMailer {
  readonly kind = 'fake-async';
  constructor(readonly inner = new FakeMailer()) {}

  get delivered(): Delivered[] {
    return this.inner.delivered;
  }

  async remainingQuota(): Promise<number> {
    return this.inner.remainingQuota();
  }

  async send(mail: OutgoingMail): Promise<SentReceipt> {
    await Promise.resolve();
    return this.inner.send(mail);
  }
}
