/**
 * `backoffice chase`: today's supplier chases (or `--today`'s) on the local .xlsx host, through the
 * same chase run the Apps Script trigger and the sidebar use: the PENDING mails a stopped run left
 * go first, each mail is re-checked just before it goes, and a second run the same day sends
 * nothing new. Made for cron (docs/chases.md): quiet on success unless asked, exit 1 when something
 * needs a person.
 */
import { localMergeRuntime } from '../hosts/local';
import type { ChaseRunResult } from '../service/chase';
import { dispatchChaseAsync } from '../service/chase-driver';
import type { MergeRuntime } from '../service/merge-driver';
import type { Command, CommandContext } from './commands';
import { EXIT_OK, EXIT_PROBLEMS, line, printJson } from './io';
import { commandMailer, MAIL_NOTE, MAIL_OPTIONS, sendingProgress } from './mail';
import { existingRegister, text } from './args';

function printRun(ctx: CommandContext, r: ChaseRunResult): void {
  const out = ctx.io.stdout;
  line(out, r.message);
  if (r.dryRun)
    for (const m of r.plan.mails)
      line(
        out,
        `  ${m.rule}, step ${m.step}: to ${m.to.join(', ')}${m.cc.length > 0 ? ` (cc ${m.cc.join(', ')})` : ''}: ${m.records.join(', ')}${m.subject ? `\n    ${m.subject}` : ''}`,
      );
  else
    for (const m of r.sentMails)
      line(
        out,
        `  Sent: ${m.rule}, step ${m.step ?? '?'}: to ${m.to}${m.cc ? ` (cc ${m.cc})` : ''}: ${m.records.join(', ')}`,
      );
  for (const f of r.failures) line(out, `  Failed: ${f.key}: ${f.error}`);
  for (const w of r.withdrawn) line(out, `  Left out: ${w.records.join(', ')}: ${w.reason}`);
  for (const k of r.stuck) line(out, `  Held in SENDING: ${k}`);
  for (const p of r.problems) line(out, `  Rule ${p.rule}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  if (r.dryRun && r.plan.skipped.length > 0) {
    line(out, `Waiting (${r.plan.skipped.length}):`);
    for (const s of r.plan.skipped) line(out, `  ${s.record}: ${s.reason}`);
  }
}

export const chaseCommand: Command = {
  name: 'chase',
  summary: "Send today's supplier chases (the Chase Rules table), each mail exactly once",
  positionals: ['file.xlsx'],
  options: {
    today: {
      type: 'string',
      arg: '<YYYY-MM-DD>',
      help: 'run for this date instead of today (Send at hour is then not checked)',
    },
    'dry-run': {
      type: 'boolean',
      help: 'print the plan (mails, and why other records wait); send and write nothing',
    },
    ...MAIL_OPTIONS,
  },
  notes: [
    MAIL_NOTE,
    "Without --today, a rule's Send at hour must have come: run it hourly from cron, or after the latest hour.",
    'It is idempotent: run it as often as you like; what went out today does not go again.',
    '--dry-run --json prints {"date", "mails": [{"rule", "step", "to", "cc", "subject", "records"}], "skipped": [{"record", "reason"}]}.',
    'Exits with 1 when mails failed, wait (quota) or are held in SENDING, or a rule has problems.',
  ],
  async run(ctx) {
    const doc = existingRegister(ctx);
    const today = text(ctx.opts, 'today');
    const dryRun = ctx.opts['dry-run'] === true;
    const mailer = dryRun ? undefined : commandMailer(ctx, doc);
    const progress = sendingProgress(ctx);
    // The register's clock: the date and hour of the run, and the timestamps in Correspondence.
    const runtime = localMergeRuntime<Partial<MergeRuntime>>({
      clock: () => doc.env().nowMs,
      onProgress: progress.update,
    });
    let result: ChaseRunResult;
    try {
      result = (await dispatchChaseAsync(doc, { ...(mailer ? { mailer } : {}), runtime }, 'chaseRun', {
        ...(today !== undefined ? { today } : {}),
        dryRun,
      })) as ChaseRunResult;
    } finally {
      progress.finish();
    }
    if (ctx.json) printJson(ctx.io, dryRun ? result.plan : result);
    else printRun(ctx, result);
    const trouble =
      result.failed > 0 || result.pending > 0 || result.stuck.length > 0 || result.problems.length > 0;
    return trouble ? EXIT_PROBLEMS : EXIT_OK;
  },
};
