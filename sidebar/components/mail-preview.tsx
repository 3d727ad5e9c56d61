/**
 * One mail of the merge as it will arrive: who it goes to, its subject and its body. An HTML body
 * is the mail's own markup, so it never enters our DOM: it renders in a sandboxed frame (no
 * scripts, no same origin, no network: remote images stay out, as the sidebar works offline and a
 * preview must not tell a tracker it was opened). A plain-text body is text.
 */
import type { MailAction, MailPreview } from '../../src/service/merge';
import { useSidebar } from '../context';
import type { Messages } from '../i18n';

interface MailPreviewProps {
  mail: MailPreview | undefined;
  /** 0-based, among the selection's mails. */
  index: number;
  total: number;
  loading: boolean;
  onShow(index: number): void;
}

/** The frame's document: a strict CSP first, then a plain reading style, then the mail. */
export function framedMail(html: string): string {
  return (
    '<!doctype html><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:">` +
    '<style>body{margin:8px;font:14px/1.45 Arial,Helvetica,sans-serif;color:#202124;background:#fff;overflow-wrap:anywhere}</style>' +
    html
  );
}

function actionText(action: MailAction, t: Messages): string {
  switch (action) {
    case 'send':
      return t.actionSend;
    case 'retry':
      return t.actionRetry;
    case 'continue':
      return t.actionContinue;
    case 'resend':
      return t.actionResend;
    case 'skip-sent':
      return t.actionSkip;
    case 'held':
      return t.actionHeld;
    default:
      return t.actionProblem;
  }
}

export function MailPreviewPane({ mail, index, total, loading, onShow }: MailPreviewProps) {
  const { t } = useSidebar();
  // aria-disabled, not disabled: a button that disables itself under focus would drop focus to the page.
  const step = (label: string, glyph: string, to: number) => {
    const off = to < 0 || to >= total;
    return (
      <button
        type="button"
        class="icon"
        aria-label={label}
        title={label}
        aria-disabled={off || undefined}
        onClick={() => !off && onShow(to)}
      >
        <span aria-hidden="true">{glyph}</span>
      </button>
    );
  };
  const line = (label: string, value: string) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <section class="mail-preview" aria-labelledby="mail-preview-title" aria-busy={loading}>
      <div class="mail-nav">
        {step(t.previousMail, '‹', index - 1)}
        <h3 id="mail-preview-title">{t.mailOf(index + 1, total)}</h3>
        {step(t.nextMail, '›', index + 1)}
      </div>
      {!mail ? (
        <p role="status">{t.loading}</p>
      ) : (
        <>
          <p class={`mail-action action-${mail.action}`}>{actionText(mail.action, t)}</p>
          <dl class="mail-head">
            {line(t.mailTo, mail.to.join(', ') || t.empty)}
            {mail.cc.length > 0 && line(t.mailCc, mail.cc.join(', '))}
            {mail.bcc.length > 0 && line(t.mailBcc, mail.bcc.join(', '))}
            {mail.replyTo && line(t.mailReplyTo, mail.replyTo)}
            {line(t.mailSubject, mail.subject)}
            {line(t.mailRecords, mail.recordIds.join(', '))}
          </dl>
          {mail.problems.length > 0 && (
            <ul class="mail-problems">
              {mail.problems.map((p, i) => (
                <li key={i} class="error">
                  <strong>{p.field}</strong> {p.message}
                </li>
              ))}
            </ul>
          )}
          {mail.html !== undefined ? (
            <iframe class="mail-body" sandbox="" srcdoc={framedMail(mail.html)} title={t.mailBody} />
          ) : (
            // Focusable so the keyboard can scroll a long body; named so the stop is announced.
            <div class="mail-body" role="region" aria-label={t.mailBody} tabIndex={0}>
              <pre class="mail-text">{mail.text}</pre>
            </div>
          )}
        </>
      )}
    </section>
  );
}
