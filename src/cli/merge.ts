/**
 * `backoffice merge`: preview (--dry-run), test (--test ID) or send a mail merge from the command
 * line, on the local .xlsx host, through the same merge programs the sidebar calls. A rerun after a
 * stop or a crash continues: what was sent is never sent again, what was left PENDING goes out.
 */
import { RegisterError } from '../core/errors';
import type { MergeProblem } from '../core/mail/checks';
import { localMergeRuntime } from '../hosts/local';
import type { MergePreviewResult, MergeSendResult, MergeTestSendResult } from '../service/merge';
import { dispatchMergeAsync, type MergeRuntime } from '../service/merge-driver';
import type { Command, CommandContext, OptionValues } from './commands';
import { plural } from './format';
import { EXIT_OK, EXIT_PROBLEMS, line, printJson } from './io';
import { commandMailer, MAIL_NOTE, MAIL_OPTIONS, sendingProgress } from './mail';
import { existingRegister, text, usage } from './args';

function problemLines(problems: readonly MergeProblem[]): string[] {
  return problems.map(
    (p) =>
      `  ${p.recordIds.length > 3 ? `${p.recordIds.slice(0, 3).join(', ')}, …` : p.recordIds.join(', ')}  ${p.field}: ${p.message}`,
  );
}

function printPreview(ctx: CommandContext, p: MergePreviewResult): void {
  const out = ctx.io.stdout;
  line(
    out,
    `${p.template} (${p.table}): ${plural(p.mails, 'mail')} in this selection, ${p.toSend} to send; ${p.quotaText}`,
  );
  if (p.alreadySent > 0)
    line(out, `${plural(p.alreadySent, 'mail')} sent before (left out; --resend sends them again).`);
  for (const s of p.stuck) line(out, `Held for review (${s.state}): ${s.key}`);
  if (p.problems.length > 0) {
    line(out, `Problems (${plural(p.problemRecordIds.length, 'record')}):`);
    for (const l of problemLines(p.problems)) line(out, l);
  }
  const first = p.previews[0];
  if (first) {
    line(out, '');
    line(out, `First mail (${first.recordIds.join(', ')}):`);
    line(out, `  To: ${first.to.join(', ')}`);
    if (first.cc.length > 0) line(out, `  Cc: ${first.cc.join(', ')}`);
    if (first.bcc.length > 0) line(out, `  Bcc: ${first.bcc.join(', ')}`);
    if (first.replyTo) line(out, `  Reply-To: ${first.replyTo}`);
    line(out, `  Subject: ${first.subject}`);
    line(out, '');
    for (const l of first.text.split('\n')) line(out, `  ${l}`);
  }
}

function ids(opts: OptionValues): string[] | undefined {
  const raw = text(opts, 'ids');
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0)
    throw usage('--ids needs one or more record IDs, comma-separated: --ids PO-0001,PO-0002');
  return list;
}

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Mail merge: preview, test or send a template to the selected records, each mail exactly once',
  positionals: ['file.xlsx'],
  options: {
    template: { type: 'string', arg: '<name>', help: 'the template (its Name in the Templates table)' },
    where: {
      type: 'string',
      multiple: true,
      arg: "'Field=value'",
      help: 'only records where a field matches (= != < <= > >=, ~ contains); repeat to combine',
    },
    ids: { type: 'string', arg: '<ID,ID>', help: 'only these records' },
    'dry-run': {
      type: 'boolean',
      help: 'preview: counts, quota, problems and the first mail; sends nothing',
    },
    test: { type: 'string', arg: '<ID>', help: "send the record's mail to yourself (BACKOFFICE_USER) only" },
    resend: { type: 'boolean', help: 'send again the mails already sent to these records' },
    'exclude-problem-rows': {
      type: 'boolean',
      help: 'leave the records with problems out and send the rest',
    },
    ...MAIL_OPTIONS,
  },
  notes: [
    MAIL_NOTE,
    'Every mail is logged in the Correspondence sheet: PENDING, SENDING, then SENT or FAILED.',
    'Run it again after a stop (quota) or a crash: it sends what is still unsent, never a mail twice;',
    'a mail caught mid-send by a crash is held as SENDING for you to check.',
    'Exits with 1 when rows have problems (nothing is sent), or when mails failed, wait or are held.',
  ],
  async run(ctx) {
    const template = text(ctx.opts, 'template');
    if (!template) throw usage('--template is required: the Name of a template in the Templates table');
    const doc = existingRegister(ctx);
    const where = (ctx.opts.where as string[] | undefined) ?? [];
    const selection = {
      template,
      ...(where.length > 0 ? { where } : {}),
      ...(ids(ctx.opts) ? { ids: ids(ctx.opts)! } : {}),
    };
    const mailer = commandMailer(ctx, doc);
    const progress = sendingProgress(ctx);
    const runtime = localMergeRuntime<Partial<MergeRuntime>>({ onProgress: progress.update });
    const call = <T>(method: Parameters<typeof dispatchMergeAsync>[2], request: unknown) =>
      dispatchMergeAsync(doc, { mailer, runtime }, method, request) as Promise<T>;

    if (ctx.opts['dry-run'] === true) {
      const preview = await call<MergePreviewResult>('mergePreview', {
        ...selection,
        resend: ctx.opts.resend === true,
        excludeProblemRows: ctx.opts['exclude-problem-rows'] === true,
        previewCount: 1,
      });
      if (ctx.json) printJson(ctx.io, preview);
      else printPreview(ctx, preview);
      return preview.problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    }
    const testId = text(ctx.opts, 'test');
    if (testId !== undefined) {
      const test = await call<MergeTestSendResult>('mergeTestSend', {
        template,
        id: testId,
        ...(where.length > 0 ? { where } : {}),
      });
      if (ctx.json) printJson(ctx.io, test);
      else
        line(
          ctx.io.stdout,
          `Sent a test of "${test.subject}" to ${test.sentTo} (the mail itself would go to ${test.wouldGoTo.to.join(', ')}).`,
        );
      return EXIT_OK;
    }
    let result: MergeSendResult;
    try {
      result = await call<MergeSendResult>('mergeSend', {
        ...selection,
        resend: ctx.opts.resend === true,
        excludeProblemRows: ctx.opts['exclude-problem-rows'] === true,
      });
    } catch (e) {
      // Rows with problems: a finding about the register (exit 1), not a wrong command line.
      const details =
        e instanceof RegisterError ? (e.details as { problems?: MergeProblem[] } | undefined) : undefined;
      if (!(e instanceof RegisterError) || e.code !== 'invalid' || !details?.problems) throw e;
      if (ctx.json)
        printJson(ctx.io, { error: { code: e.code, message: e.message, problems: details.problems } });
      else {
        line(ctx.io.stderr, `${e.message}:`);
        for (const l of problemLines(details.problems)) line(ctx.io.stderr, l);
      }
      return EXIT_PROBLEMS;
    } finally {
      progress.finish();
    }
    if (ctx.json) printJson(ctx.io, result);
    else {
      line(ctx.io.stdout, result.message);
      for (const f of result.failures) line(ctx.io.stdout, `  Failed: ${f.key}: ${f.error}`);
      for (const k of result.stuck) line(ctx.io.stdout, `  Held in SENDING: ${k}`);
    }
    return result.failed > 0 || result.pending > 0 || result.stuck.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};
