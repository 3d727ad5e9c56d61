/**
 * The merge run's loop, written once. A merge must interleave I/O with decisions (mark SENDING and
 * make sure it is written, send, mark SENT), and Apps Script is synchronous while the local and
 * Excel hosts are not (DESIGN.md, Synchronous core, host-driven I/O). So each merge method is a
 * generator that yields effects (run a use case under the lock, ask the quota, send a mail) and
 * two tiny drivers perform them: plainly (`driveSync`) or with await (`driveAsync`).
 *
 * The run (mergeSend, mergeContinue):
 *   1. lock: refuse if another merge runs; render + check; PENDING rows + the running marker.
 *   2. per mail: lock: log the previous mail's outcome, re-read and re-render this one, mark it
 *      SENDING (written and flushed when the lock is released); unlock; send.
 *   3. lock: log the last outcome, clear the marker.
 * Before each mail it stops cleanly when the time budget or the quota would be exceeded; the rest
 * stays PENDING for Continue. At most one mail is ever in SENDING, so a run killed at any point
 * leaves at most one mail to review, and never sends one twice.
 */
import { RegisterError } from '../core/errors';
import { APPS_SCRIPT_MAIL_LIMITS, type MergeLimits } from '../core/mail/checks';
import { recipientCount } from '../core/mail/addresses';
import type { RenderedMail } from '../core/mail/render';
import type { MailTemplate } from '../core/mail/template';
import {
  olderThan,
  type CorrespondenceRow,
  type FinishResult,
  type SendOutcome,
  type StepVerdict,
} from '../core/merge';
import type {
  AsyncDocument,
  AsyncMailer,
  OutgoingMail,
  SentReceipt,
  SyncDocument,
  SyncMailer,
} from '../ports';
import {
  finishMerge,
  mergeStatus,
  oldestPendingTemplate,
  previewMerge,
  readTemplate,
  recordCorrespondence,
  resolveMail,
  startMerge,
  startTestSend,
  stepMerge,
  toOutgoing,
  type MergeContinueRequest,
  type MergePreviewRequest,
  type MergePreviewResult,
  type MergeResolveRequest,
  type MergeSendRequest,
  type MergeSendResult,
  type MergeStatusRequest,
  type MergeStopReason,
  type MergeStatusResult,
  type MergeTestSendRequest,
  type MergeTestSendResult,
  type RunContext,
  type StaleCheck,
  type StartResult,
  type TestStart,
} from './merge';
import { runAsync, runSync, type UseCase } from './use-case';

/** The ports a merge runs on, for callers that may not import ports.ts themselves (addon/gas). */
export type { AsyncDocument, AsyncMailer, SyncDocument, SyncMailer } from '../ports';

/** Apps Script's limit on one execution; a run's marker older than this belongs to a dead run. */
export const APPS_SCRIPT_EXECUTION_MS = 6 * 60 * 1000;
/** Apps Script: send for 5 of the 6 minutes, leaving one for the last write and the reply. */
export const APPS_SCRIPT_SEND_BUDGET_MS = 5 * 60 * 1000;

/** What a host tells a merge about time, liveness and limits. */
export interface MergeRuntime {
  /** The host's clock. Core never reads one. */
  clock: () => number;
  /** When this execution started: Apps Script's 6 minutes count from here, not from the merge. */
  startedAtMs: number;
  /** Sending stops before a mail once this much time since `startedAtMs` would be exceeded. */
  budgetMs: number;
  /** Where the run happens, written into the marker for `isStale`: 'gas', 'local:<pid>@<host>'. */
  owner: string;
  /** Whether another run's marker belongs to a run that can no longer be alive. */
  isStale: StaleCheck;
  limits: MergeLimits;
  /** Called after each mail of a run (the CLI's progress bar). */
  onProgress?: (p: MergeProgress) => void;
  /**
   * Apps Script: schedule a continuation after a run stopped for time; returns whether it could
   * (an add-on may hold one time-driven trigger per document).
   */
  scheduleContinuation?: (template: string) => boolean;
}

export interface MergeProgress {
  done: number;
  total: number;
  sent: number;
  failed: number;
}

export function defaultRuntime(kind: string, overrides: Partial<MergeRuntime> = {}): MergeRuntime {
  const clock = overrides.clock ?? Date.now;
  return {
    clock,
    startedAtMs: overrides.startedAtMs ?? clock(),
    budgetMs: Number.POSITIVE_INFINITY,
    owner: kind,
    isStale: olderThan(APPS_SCRIPT_EXECUTION_MS),
    limits: APPS_SCRIPT_MAIL_LIMITS,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Effects and the two drivers.

export type Effect =
  { kind: 'run'; useCase: UseCase<unknown> } | { kind: 'quota' } | { kind: 'send'; mail: OutgoingMail };

export type Program<R> = Generator<Effect, R, unknown>;

export function* run<T>(useCase: UseCase<T>): Program<T> {
  return (yield { kind: 'run', useCase: useCase as UseCase<unknown> }) as T;
}

/** A lock not had in time is worth one more try: the use case re-reads, so retrying is safe. */
export function* runRetrying<T>(useCase: UseCase<T>): Program<T> {
  try {
    return yield* run(useCase);
  } catch (e) {
    if (e instanceof RegisterError && e.code === 'busy') return yield* run(useCase);
    throw e;
  }
}

function noMailer(): never {
  throw new RegisterError('usage', 'No mailer is configured here, so mail cannot be sent or its quota read');
}

export function driveSync<R>(program: Program<R>, doc: SyncDocument, mailer?: SyncMailer): R {
  let step = program.next();
  while (!step.done) {
    const effect = step.value;
    let value: unknown;
    try {
      if (effect.kind === 'run') value = runSync(doc, effect.useCase);
      else if (effect.kind === 'quota') value = (mailer ?? noMailer()).remainingQuota();
      else value = (mailer ?? noMailer()).send(effect.mail);
    } catch (err) {
      step = program.throw(err);
      continue;
    }
    step = program.next(value);
  }
  return step.value;
}

export async function driveAsync<R>(
  program: Program<R>,
  doc: AsyncDocument,
  mailer?: AsyncMailer,
): Promise<R> {
  let step = program.next();
  while (!step.done) {
    const effect = step.value;
    let value: unknown;
    try {
      if (effect.kind === 'run') value = await runAsync(doc, effect.useCase);
      else if (effect.kind === 'quota') value = await (mailer ?? noMailer()).remainingQuota();
      else value = await (mailer ?? noMailer()).send(effect.mail);
    } catch (err) {
      step = program.throw(err);
      continue;
    }
    step = program.next(value);
  }
  return step.value;
}

// ---------------------------------------------------------------------------------------------
// The programs.

let runCounter = 0;

export function newRunContext(rt: MergeRuntime): () => RunContext {
  // Unique per run: the marker is checked against it before every mail.
  const runId = `${rt.owner}/${rt.startedAtMs.toString(36)}/${(++runCounter).toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  return () => ({ runId, owner: rt.owner, nowMs: rt.clock(), limits: rt.limits, isStale: rt.isStale });
}

/**
 * A mailer that cannot tell whether a mail left (a connection dropped after the message was
 * handed over) says so with `uncertain: true` on its error: the mail then stays SENDING, for
 * review, rather than FAILED and retried into a possible duplicate.
 */
function isUncertain(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { uncertain?: unknown }).uncertain === true;
}

function errorText(err: unknown): string {
  // Duck-typed: an error from another realm (a vm context, Apps Script's own) is no `instanceof Error`.
  const message =
    typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(err);
}

export function* previewProgram(req: MergePreviewRequest, rt: MergeRuntime): Program<MergePreviewResult> {
  const template = yield* run(readTemplate(req.template));
  const remainingQuota = (yield { kind: 'quota' }) as number;
  return yield* run(
    previewMerge(req, template, {
      remainingQuota,
      limits: rt.limits,
      isStale: rt.isStale,
      nowMs: rt.clock(),
    }),
  );
}

export function* sendProgram(req: MergeSendRequest, rt: MergeRuntime): Program<MergeSendResult> {
  const template = yield* run(readTemplate(req.template));
  return yield* runMerge(req, template, rt, false);
}

export function* continueProgram(req: MergeContinueRequest, rt: MergeRuntime): Program<MergeSendResult> {
  const name = req.template ?? (yield* run(oldestPendingTemplate()));
  if (!name)
    throw new RegisterError('not-found', 'There is no PENDING mail to continue: every merge has finished');
  const template = yield* run(readTemplate(name));
  return yield* runMerge({ template: template.name }, template, rt, true);
}

function* runMerge(
  req: MergeSendRequest,
  template: MailTemplate,
  rt: MergeRuntime,
  continuation: boolean,
): Program<MergeSendResult> {
  const ctx = newRunContext(rt);
  const quotaLeft = (yield { kind: 'quota' }) as number;
  const start: StartResult = yield* run(startMerge(req, template, ctx(), continuation));
  const result: MergeSendResult = {
    template: template.name,
    planned: start.jobs.length,
    sent: 0,
    failed: start.failures.length,
    pending: start.pendingElsewhere,
    stuck: start.stuck,
    alreadySent: start.alreadySent,
    excluded: start.excluded,
    changed: [],
    failures: [...start.failures],
    message: '',
  };
  if (start.jobs.length === 0) return finishResult(result, rt, undefined);
  const { stopped, finish } = yield* sendJobs(
    start.jobs,
    {
      step: (job, done, quota) =>
        stepMerge(template, ctx(), done, {
          rowKey: job.rowKey,
          recordIds: job.recordIds,
          planned: job.mail,
          quotaLeft: quota,
        }),
      finish: (done) => finishMerge(template, ctx(), done),
    },
    rt,
    result,
    quotaLeft,
  );
  result.pending = finish.pending.length;
  result.stuck = finish.stuck;
  if (stopped) result.stoppedBecause = stopped;
  return finishResult(result, rt, stopped);
}

// ---------------------------------------------------------------------------------------------
// The send loop, shared by every kind of run that sends mail exactly once (a merge, a chase run).

/** One mail a run sends, as the loop carries it between steps. */
export interface SendJob {
  rowKey: string;
  recordIds: string[];
  mail: RenderedMail;
  recipients: number;
}

/** What the loop needs from a kind of run: its step and finish use cases, each one locked write. */
export interface SendSteps<
  J extends SendJob,
  V extends StepVerdict = StepVerdict,
  F extends FinishResult = FinishResult,
> {
  /** Log the previous outcome, re-check `job` under the lock and mark it SENDING (or say why not). */
  step(job: J, done: SendOutcome | undefined, quotaLeft: number): UseCase<V>;
  /** Log the last outcome and clear the running marker. */
  finish(done: SendOutcome | undefined): UseCase<F>;
  /** The mail as the mailer takes it (a chase follow-up names the thread to reply in). */
  outgoing?(mail: RenderedMail, verdict: V, job: J): OutgoingMail;
  /** Told of every verdict (a chase reports the records it left out). */
  onVerdict?(verdict: V, job: J): void;
}

/** What the loop counts; a MergeSendResult is one. */
export interface SendTally {
  sent: number;
  failed: number;
  stuck: string[];
  changed: string[];
  failures: { key: string; recordIds: string[]; error: string }[];
}

/**
 * Send `jobs` one at a time: before each, stop cleanly when the time budget or the quota would be
 * exceeded; under the lock, log the previous outcome and mark this one SENDING; send outside the
 * lock. At most one mail is ever SENDING. A failure that is not the mailer's (a lost lock, a kill)
 * logs what is known, best effort, and is thrown.
 */
export function* sendJobs<J extends SendJob, V extends StepVerdict, F extends FinishResult = FinishResult>(
  jobs: readonly J[],
  steps: SendSteps<J, V, F>,
  rt: MergeRuntime,
  tally: SendTally,
  quota: number,
): Program<{ stopped?: MergeStopReason; finish: F }> {
  let quotaLeft = quota;
  let done: SendOutcome | undefined;
  let slowest = 0;
  let stopped: MergeStopReason | undefined;
  const fail = (key: string, recordIds: string[], error: string) => {
    tally.failed++;
    tally.failures.push({ key, recordIds, error });
  };
  try {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      const began = rt.clock();
      // The slowest mail so far is the estimate for this one: stop while there is time to finish.
      if (began - rt.startedAtMs + slowest > rt.budgetMs) {
        stopped = 'time';
        break;
      }
      if (job.recipients > quotaLeft) {
        stopped = 'quota';
        break;
      }
      const verdict: V = yield* runRetrying(steps.step(job, done, quotaLeft));
      done = undefined;
      steps.onVerdict?.(verdict, job);
      if (!verdict.send) {
        if (verdict.reason === 'marker-lost') {
          stopped = 'taken-over';
          break;
        }
        if (verdict.reason === 'quota') {
          stopped = 'quota';
          break;
        }
        if (verdict.reason !== 'not-pending' && verdict.reason !== 'withdrawn')
          fail(job.rowKey, job.recordIds, verdict.message);
        continue;
      }
      const rowKey = verdict.rowKey ?? job.rowKey;
      if (verdict.changed) tally.changed.push(rowKey);
      const outgoing = steps.outgoing?.(verdict.mail, verdict, job) ?? toOutgoing(verdict.mail);
      try {
        const receipt = (yield { kind: 'send', mail: outgoing }) as SentReceipt;
        done = {
          rowKey,
          mail: verdict.mail,
          sent: { messageId: receipt?.messageId ?? '', threadId: receipt?.threadId ?? '' },
        };
        tally.sent++;
        quotaLeft -= recipientCount(verdict.mail);
      } catch (err) {
        done = { rowKey, mail: verdict.mail, error: errorText(err) };
        if (isUncertain(err)) {
          done.uncertain = true;
          tally.stuck.push(rowKey);
        } else fail(rowKey, verdict.rowKey ? verdict.mail.recordIds : job.recordIds, errorText(err));
      }
      rt.onProgress?.({ done: i + 1, total: jobs.length, sent: tally.sent, failed: tally.failed });
      slowest = Math.max(slowest, rt.clock() - began);
    }
  } catch (err) {
    // Best effort: log what is known and clear the marker. A killed run gets no further than the
    // failing call; whatever is left in SENDING is reported by the next run.
    try {
      yield* run(steps.finish(done));
    } catch {
      // The original error is the one to report.
    }
    throw err;
  }
  const finish: F = yield* runRetrying(steps.finish(done));
  return { ...(stopped ? { stopped } : {}), finish };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function finishResult(
  result: MergeSendResult,
  rt: MergeRuntime,
  stopped: MergeSendResult['stoppedBecause'],
): MergeSendResult {
  if (stopped && result.pending > 0)
    result.continuation =
      stopped === 'time' && rt.scheduleContinuation?.(result.template) === true ? 'trigger' : 'manual';
  const parts: string[] = [];
  if (result.planned === 0 && result.failed === 0)
    parts.push(
      result.alreadySent > 0
        ? `Nothing to send: ${plural(result.alreadySent, 'mail')} of this selection ${result.alreadySent === 1 ? 'was' : 'were'} sent before (resend to send again).`
        : 'Nothing to send.',
    );
  else parts.push(`Sent ${plural(result.sent, 'mail')} of ${result.planned}.`);
  if (result.failed > 0) parts.push(`${plural(result.failed, 'mail')} failed (see Correspondence).`);
  if (stopped === 'quota')
    parts.push(
      `Stopped: today's mail quota is used up; ${result.pending} wait for Continue (the quota resets within 24 hours).`,
    );
  if (stopped === 'time')
    parts.push(
      `Stopped before the time limit; ${result.pending} wait${result.continuation === 'trigger' ? ' and continue by themselves in a minute or so' : ' for Continue'}.`,
    );
  if (stopped === 'taken-over') parts.push('Stopped: another merge took over this one.');
  else if (!stopped && result.pending > 0)
    parts.push(`${result.pending} other mails of this template wait for Continue.`);
  if (result.stuck.length > 0)
    parts.push(
      `${plural(result.stuck.length, 'mail')} ${result.stuck.length === 1 ? 'is' : 'are'} held in SENDING from an interrupted run: check the Sent folder, then mark ${result.stuck.length === 1 ? 'it' : 'each'} SENT or FAILED.`,
    );
  if (result.excluded.length > 0) parts.push(`Left out for problems: ${result.excluded.join(', ')}.`);
  result.message = parts.join(' ');
  return result;
}

export function* testSendProgram(req: MergeTestSendRequest, rt: MergeRuntime): Program<MergeTestSendResult> {
  const template = yield* run(readTemplate(req.template));
  if (((yield { kind: 'quota' }) as number) < 1)
    throw new RegisterError('busy', "Today's mail quota is used up: the test cannot be sent until it resets");
  const ctx = newRunContext(rt);
  const start: TestStart = yield* run(startTestSend(req, template, ctx()));
  let done: SendOutcome;
  let failure: unknown;
  try {
    const receipt = (yield { kind: 'send', mail: toOutgoing(start.mail) }) as SentReceipt;
    done = {
      rowKey: start.rowKey,
      mail: start.mail,
      sent: { messageId: receipt?.messageId ?? '', threadId: receipt?.threadId ?? '' },
    };
  } catch (err) {
    failure = err;
    done = {
      rowKey: start.rowKey,
      mail: start.mail,
      error: errorText(err),
      ...(isUncertain(err) ? { uncertain: true } : {}),
    };
  }
  yield* runRetrying(finishMerge(template, ctx(), done));
  if (failure !== undefined)
    throw new RegisterError('internal', `The test mail was not sent: ${errorText(failure)}`);
  return {
    key: start.rowKey,
    sentTo: start.mail.to[0]!,
    subject: start.mail.subject,
    wouldGoTo: { to: start.real.to, cc: start.real.cc, bcc: start.real.bcc },
    problems: start.problems,
  };
}

function* useCaseProgram<T>(useCase: UseCase<T>): Program<T> {
  return yield* run(useCase);
}

// ---------------------------------------------------------------------------------------------
// The RPC surface: the merge methods, by name, for rpc.ts.

export interface MergeMethods {
  mergePreview: [MergePreviewRequest, MergePreviewResult];
  mergeTestSend: [MergeTestSendRequest, MergeTestSendResult];
  mergeSend: [MergeSendRequest, MergeSendResult];
  mergeContinue: [MergeContinueRequest, MergeSendResult];
  mergeStatus: [MergeStatusRequest, MergeStatusResult];
  recordCorrespondence: [{ id: string }, { id: string; rows: CorrespondenceRow[] }];
  mergeResolve: [MergeResolveRequest, CorrespondenceRow];
}

export type MergeMethod = keyof MergeMethods;

const PROGRAMS: {
  [M in MergeMethod]: (req: MergeMethods[M][0], rt: MergeRuntime) => Program<MergeMethods[M][1]>;
} = {
  mergePreview: previewProgram,
  mergeTestSend: testSendProgram,
  mergeSend: sendProgram,
  mergeContinue: continueProgram,
  mergeStatus: (req, rt) => useCaseProgram(mergeStatus(req, { isStale: rt.isStale, nowMs: rt.clock() })),
  recordCorrespondence: (req) => useCaseProgram(recordCorrespondence(req)),
  mergeResolve: (req, rt) => useCaseProgram(resolveMail(req, rt.clock())),
};

export const MERGE_METHODS = Object.keys(PROGRAMS) as MergeMethod[];

export function isMergeMethod(method: string): method is MergeMethod {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, method);
}

/** What a host hands the RPC dispatcher for the merge methods. */
export interface MergeServices<Mailer> {
  mailer?: Mailer;
  runtime?: Partial<MergeRuntime>;
}

export function mergeProgram(method: MergeMethod, request: unknown, rt: MergeRuntime): Program<unknown> {
  return (PROGRAMS[method] as (req: unknown, rt: MergeRuntime) => Program<unknown>)(request, rt);
}

export function dispatchMergeSync(
  doc: SyncDocument,
  services: MergeServices<SyncMailer>,
  method: MergeMethod,
  request: unknown,
): unknown {
  return driveSync(
    mergeProgram(method, request, defaultRuntime(doc.kind, services.runtime)),
    doc,
    services.mailer,
  );
}

export function dispatchMergeAsync(
  doc: AsyncDocument,
  services: MergeServices<AsyncMailer>,
  method: MergeMethod,
  request: unknown,
): Promise<unknown> {
  return driveAsync(
    mergeProgram(method, request, defaultRuntime(doc.kind, services.runtime)),
    doc,
    services.mailer,
  );
}
