/**
 * Address lists of a rendered mail: comma- or semicolon-separated, each address once. An address
 * already in To is not copied again in Cc or Bcc: a recipient gets one copy, and quota counts one.
 */
import { parseEmailList } from '../values';

const key = (address: string) => address.trim().toLowerCase();

/** The addresses of a rendered address field, in order, without duplicates (case-insensitive). */
export function addressList(text: string, exclude: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set(exclude);
  const out: string[] = [];
  for (const address of parseEmailList(text)) {
    const k = key(address);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(address);
  }
  return out;
}

export function addressKeys(...lists: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const a of list) out.add(key(a));
  return out;
}

/** Distinct recipients of a mail, To + Cc + Bcc: what a host's daily recipient quota counts. */
export function recipientCount(mail: {
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
}): number {
  return addressKeys(mail.to, mail.cc, mail.bcc).size;
}
