/**
 * What the commands that send mail (merge, chase) share: the --smtp and --outbox options, the mailer
 * they choose from them, the progress bar of a run, and the test-only mailer of the kill tests.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { mailerFromEnv, type LocalDocument } from '../hosts/local';
import type { AsyncMailer } from '../ports';
import type { MergeProgress } from '../service/merge-driver';
import { text, usage } from './args';
import type { CommandContext, OptionSpec } from './commands';
import { ProgressBar } from './progress';

export const MAIL_OPTIONS: Record<string, OptionSpec> = {
  smtp: {
    type: 'string',
    arg: '<URL>',
    help: 'send through SMTP (else BACKOFFICE_SMTP_URL, else the outbox folder)',
  },
  outbox: {
    type: 'string',
    arg: '<folder>',
    help: 'the outbox folder (default: outbox/ beside the workbook)',
  },
};

export const MAIL_NOTE =
  'Mail goes to an outbox folder of .eml files beside the workbook unless SMTP is configured.';

/** The test mailer when the environment asks for it, else SMTP or the outbox, as the options say. */
export function commandMailer(ctx: CommandContext, doc: LocalDocument): AsyncMailer {
  const smtp = text(ctx.opts, 'smtp');
  const outbox = text(ctx.opts, 'outbox');
  return (
    testMailer(process.env) ??
    mailerFromEnv({
      workbook: doc.file,
      from: doc.env().user,
      ...(smtp ? { smtpUrl: smtp } : {}),
      ...(outbox ? { outbox: path.resolve(ctx.io.cwd ?? process.cwd(), outbox) } : {}),
    })
  );
}

/** A progress bar on stderr that appears with the first mail of a run. */
export function sendingProgress(ctx: CommandContext): {
  update: (p: MergeProgress) => void;
  finish: () => void;
} {
  const bar = new ProgressBar(ctx.io.stderr, ctx.io.stderrIsTTY ?? ctx.io.isTTY);
  let started = false;
  return {
    update: (p) => {
      if (!started) bar.phase('Sending', p.total);
      started = true;
      bar.update(p.done);
    },
    finish: () => bar.finish(),
  };
}

/**
 * A test-only mailer, chosen by BACKOFFICE_TEST_MAILER, for the fault tests that kill the CLI:
 * `kill-before:K` dies (SIGKILL) as the K-th mail is about to go, `kill-at:K` right after it went,
 * `record` never dies. Every mail that goes is appended to BACKOFFICE_TEST_MAILER_LOG first, with a
 * synchronous write, so the test knows what left before the process died.
 */
export function testMailer(env: NodeJS.ProcessEnv): AsyncMailer | undefined {
  const spec = env.BACKOFFICE_TEST_MAILER?.trim();
  if (!spec) return undefined;
  const m = /^(kill-before|kill-at):(\d+)$/.exec(spec);
  if (!m && spec !== 'record')
    throw usage(`BACKOFFICE_TEST_MAILER must be record, kill-before:K or kill-at:K, not "${spec}"`);
  const log = env.BACKOFFICE_TEST_MAILER_LOG;
  const at = m ? Number(m[2]) : 0;
  let n = 0;
  const die = async (): Promise<never> => {
    process.kill(process.pid, 'SIGKILL');
    return new Promise<never>(() => undefined);
  };
  return {
    kind: 'test',
    remainingQuota: async () => Number(env.BACKOFFICE_TEST_MAILER_QUOTA ?? Infinity),
    send: async (mail) => {
      n++;
      if (m?.[1] === 'kill-before' && n === at) await die();
      if (log)
        appendFileSync(
          log,
          `${JSON.stringify({ to: mail.to, cc: mail.cc, bcc: mail.bcc, subject: mail.subject })}\n`,
        );
      if (m?.[1] === 'kill-at' && n === at) await die();
      return { messageId: `<test-${process.pid}-${n}@backoffice.test>`, threadId: '' };
    },
  };
}
