/**
 * What a rendered mail becomes on its way out: HTML bodies get a plain-text alternative (for clients
 * that show no HTML, and spam filters that expect one), and a digest tells whether mails changed.
 */
import type { RenderedMail } from '../mail/render';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** A readable text version of our own template HTML: paragraphs and rows on lines, tags removed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>\s*\n?/gi, '\n')
    .replace(/<\/t[dh]\s*>[ \t]*/gi, '\t')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|ul|ol)\s*>[ \t]*/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e]!)
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/^[ \t]+|[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A short digest of what mails would go out (FNV-1a over every field that reaches a recipient):
 * a preview hands it to the sidebar, and a send given it refuses when the mails have changed since.
 */
export function fingerprint(mails: readonly { key: string; mail: RenderedMail }[]): string {
  let h = 0x811c9dc5;
  const add = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const { key, mail } of mails) {
    add(key);
    add(mail.to.join(','));
    add(mail.cc.join(','));
    add(mail.bcc.join(','));
    add(mail.replyTo ?? '');
    add(mail.subject);
    add(mail.body);
  }
  return `${mails.length}-${h.toString(16).padStart(8, '0')}`;
}
