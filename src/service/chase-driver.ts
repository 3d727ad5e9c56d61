/**
 * Chase runs, driven: the chase methods of the RPC contract as programs over the merge's effects
 * (merge-driver.ts), so Apps Script runs them with plain calls and the local and Excel hosts with
 * await, and a chase run sends through the very loop a merge sends through (`sendJobs`): PENDING
 * rows first, then per mail a locked re-check that marks it SENDING, the send, the outcome. Quota
 * and time budget stop a run cleanly; the next run continues its PENDING mails first.
 *
 * Timers are the host's: Apps Script implements `ChaseScheduler` (addon/gas/chase-host.ts); other
 * hosts have none, and the schedule methods say what to do there instead (cron and the CLI).
 */
import { RegisterError } from '../core/errors';
import type { OutgoingMail, SyncDocument, AsyncDocument, SyncMailer, AsyncMailer } from '../ports';
import {
  chaseOverview,
  chaseRecordView,
  ensurePauseField,
  pauseChase,
  readScheduleInfo,
  scheduleStatus,
  writeSchedule,
  type ChaseOverview,
  type ChasePauseRequest,
  type ChasePauseResult,
  type ChasePlanRequest,
  type ChaseRecordRequest,
  type ChaseRecordResult,
  type ChaseRunRequest,
  type ChaseRunResult,
  type ChaseScheduleRequest,
  type ChaseScheduleStatus,
} from './chase';
import {
  finishChase,
  startChase,
  stepChase,
  type ChaseFinish,
  type ChaseJob,
  type ChaseRunContext,
  type ChaseStart,
  type ChaseVerdict,
} from './chase-driver-run';
import { toOutgoing } from './merge';
import {
  defaultRuntime,
  driveAsync,
  driveSync,
  newRunContext,
  run,
  runRetrying,
  sendJobs,
  type MergeRuntime,
  type MergeServices,
  type Program,
} from './merge-driver';
import type { UseCase } from './use-case';

/** The daily timer, where the host has one (Apps Script): this user's triggers in this document. */
export interface ChaseScheduler {
  /** Unique IDs of this user's chase triggers in this document (an add-on sees only its user's own). */
  triggers(): string[];
  /** A daily trigger at `hour` (0-23) in `timeZone`; its ID. RegisterError('busy') when the document's one timer is taken. */
  create(hour: number, timeZone: string): string;
  remove(uid: string): void;
}

/** What a host hands the chase methods beyond the merge's mailer and runtime. */
export interface ChaseServices {
  scheduler?: ChaseScheduler;
  /** A scheduled run: the trigger's hour is the schedule, so Send at hour is not applied again. */
  scheduled?: boolean;
  /** Continue a run stopped before the time limit in a minute or so; false when the host cannot. */
  scheduleContinuation?: () => boolean;
}

export interface ChaseMethods {
  chasePlan: [ChasePlanRequest, ChaseOverview];
  chaseRun: [ChaseRunRequest, ChaseRunResult];
  chasePause: [ChasePauseRequest, ChasePauseResult];
  chaseRecord: [ChaseRecordRequest, ChaseRecordResult];
  chaseSchedule: [ChaseScheduleRequest, ChaseScheduleStatus];
  chaseScheduleStatus: [Record<string, never>, ChaseScheduleStatus];
}

export type ChaseMethod = keyof ChaseMethods;

interface ChaseEnv {
  rt: MergeRuntime;
  services: ChaseServices;
  kind: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------------
// The programs.

function* planProgram(req: ChasePlanRequest, { rt, services }: ChaseEnv): Program<ChaseOverview> {
  let remainingQuota: number | null = null;
  try {
    const q = (yield { kind: 'quota' }) as number;
    remainingQuota = Number.isFinite(q) ? q : null;
  } catch {
    // No mailer here (a read-only host): the view shows the plan without a quota.
  }
  return yield* run(
    chaseOverview(req, {
      nowMs: rt.clock(),
      applyHour: !services.scheduled,
      limits: rt.limits,
      isStale: rt.isStale,
      remainingQuota,
    }),
  );
}

function* runProgram(req: ChaseRunRequest, { rt, services }: ChaseEnv): Program<ChaseRunResult> {
  const base = newRunContext(rt);
  const ctx = (): ChaseRunContext => ({ ...base(), applyHour: !services.scheduled });
  const dryRun = req.dryRun === true;
  const quota = dryRun ? Number.POSITIVE_INFINITY : ((yield { kind: 'quota' }) as number);
  const start: ChaseStart = yield* run(startChase(req, ctx()));
  const result: ChaseRunResult = {
    date: start.date,
    dryRun,
    plan: start.plan,
    planned: start.jobs.length,
    continued: start.continued,
    sent: 0,
    failed: 0,
    withdrawn: [],
    pending: 0,
    stuck: start.stuck,
    sentMails: [],
    failures: [],
    changed: [],
    problems: start.problems,
    message: '',
  };
  if (dryRun || start.jobs.length === 0) return finishResult(result, services);

  const templates = new Map<string, string>();
  const keys = new Set<string>();
  const ruleNames = new Map(start.ruleNames);
  const doneTemplate = (key: string | undefined) => (key ? (templates.get(key) ?? '') : '');
  const { stopped, finish } = yield* sendJobs<ChaseJob, ChaseVerdict, ChaseFinish>(
    start.jobs,
    {
      step: (job, done, quotaLeft) =>
        stepChase(
          {
            job,
            ...(done ? { done } : {}),
            doneTemplate: doneTemplate(done?.rowKey),
            quotaLeft,
            date: start.date,
            offsetMs: start.offsetMs,
          },
          ctx(),
        ),
      finish: (done) =>
        finishChase(ctx(), {
          ...(done ? { done } : {}),
          doneTemplate: doneTemplate(done?.rowKey),
          offsetMs: start.offsetMs,
          keys,
          ruleNames,
        }),
      outgoing: (mail, verdict): OutgoingMail => ({
        ...toOutgoing(mail),
        ...(verdict.reply ? { replyToMessage: verdict.reply } : {}),
      }),
      onVerdict: (verdict, job) => {
        if (verdict.withdrawn) result.withdrawn.push(verdict.withdrawn);
        if (!verdict.send) return;
        const key = verdict.rowKey ?? job.rowKey;
        templates.set(key, verdict.template ?? job.template);
        keys.add(key);
      },
    },
    rt,
    result,
    quota,
  );
  result.pending = finish.pending.length;
  result.stuck = finish.stuck;
  result.sentMails = finish.sent;
  if (stopped) result.stoppedBecause = stopped;
  return finishResult(result, services);
}

function finishResult(result: ChaseRunResult, services: ChaseServices): ChaseRunResult {
  const stopped = result.stoppedBecause;
  if (stopped && result.pending > 0)
    result.continuation =
      stopped === 'time' && services.scheduleContinuation?.() === true ? 'trigger' : 'manual';
  const parts: string[] = [];
  const records = result.plan.mails.reduce((n, m) => n + m.records.length, 0);
  if (result.dryRun)
    parts.push(
      `Chases for ${result.date} (dry run, nothing sent): ${plural(result.plan.mails.length, 'mail')} would go out, covering ${plural(records, 'record')}.`,
    );
  else if (result.planned === 0) parts.push(`Chases for ${result.date}: nothing to send.`);
  else
    parts.push(
      `Chases for ${result.date}: sent ${plural(result.sent, 'mail')} of ${result.planned}${result.continued > 0 ? ` (${result.continued} left by an earlier run)` : ''}.`,
    );
  if (result.failed > 0) parts.push(`${plural(result.failed, 'mail')} failed (see Correspondence).`);
  const withdrawn = result.withdrawn.reduce((n, w) => n + w.records.length, 0);
  if (withdrawn > 0)
    parts.push(
      `${plural(withdrawn, 'record')} left the chase before ${withdrawn === 1 ? 'its' : 'their'} mail went, and ${withdrawn === 1 ? 'was' : 'were'} left out.`,
    );
  if (stopped === 'quota')
    parts.push(`Stopped: today's mail quota is used up; ${result.pending} wait for the next run.`);
  if (stopped === 'time')
    parts.push(
      `Stopped before the time limit; ${result.pending} wait${result.continuation === 'trigger' ? ' and continue by themselves in a minute or so' : ' for the next run'}.`,
    );
  if (stopped === 'taken-over') parts.push('Stopped: another chase run took over this one.');
  if (result.stuck.length > 0)
    parts.push(
      `${plural(result.stuck.length, 'chase mail')} ${result.stuck.length === 1 ? 'is' : 'are'} held in SENDING from an interrupted run: check the Sent folder, then mark ${result.stuck.length === 1 ? 'it' : 'each'} SENT or FAILED.`,
    );
  const broken = new Set(result.problems.map((p) => p.rule));
  if (broken.size > 0)
    parts.push(
      `${plural(broken.size, 'rule')} could not be read and sent nothing: ${[...broken].join(', ')}.`,
    );
  result.message = parts.join(' ');
  return result;
}

function unsupportedMessage(kind: string): string {
  return kind === 'excel'
    ? 'An Excel add-in cannot run on a timer: the chases that are due are offered when the task pane opens. To send them unattended, run `backoffice chase <file.xlsx>` from cron (docs/chases.md).'
    : 'This host has no timer: run `backoffice chase <file.xlsx>` from cron or a scheduled task (docs/chases.md).';
}

function* scheduleStatusProgram(env: ChaseEnv): Program<ChaseScheduleStatus> {
  const info = yield* run(readScheduleInfo());
  const scheduler = env.services.scheduler;
  if (!scheduler) return scheduleStatus(info, false, false, unsupportedMessage(env.kind));
  const live = info.record ? scheduler.triggers().includes(info.record.uid) : false;
  return scheduleStatus(info, true, live);
}

/**
 * Turn the daily run on (at the earliest Send at hour of the enabled rules, in the spreadsheet's
 * time zone, as the current user) or off. The document records who owns it; a trigger that is no
 * longer the recorded one removes itself when it next fires, so turning it off works for anyone.
 */
function* scheduleProgram(req: ChaseScheduleRequest, env: ChaseEnv): Program<ChaseScheduleStatus> {
  if (typeof req.enabled !== 'boolean')
    throw new RegisterError('usage', 'enabled must be true (run chases every day) or false (stop)');
  const scheduler = env.services.scheduler;
  if (!scheduler) return yield* scheduleStatusProgram(env);
  const info = yield* run(readScheduleInfo());
  const mine = scheduler.triggers();
  if (req.enabled) {
    if (info.wantedHour === null)
      throw new RegisterError(
        'usage',
        'No chase rule is enabled: enable one in Chase Rules (Enabled: yes), then turn the schedule on.',
      );
    const r = info.record;
    const current =
      r &&
      r.owner.toLowerCase() === info.user.toLowerCase() &&
      r.hour === info.wantedHour &&
      mine.includes(r.uid);
    if (!current) {
      // The add-on may hold one time-driven trigger per document: free it before making the new one.
      for (const uid of mine) scheduler.remove(uid);
      const uid = scheduler.create(info.wantedHour, info.timeZone);
      try {
        yield* runRetrying(
          writeSchedule({
            owner: info.user,
            uid,
            hour: info.wantedHour,
            timeZone: info.timeZone,
            sinceMs: env.rt.clock(),
          }),
        );
      } catch (err) {
        scheduler.remove(uid);
        throw err;
      }
    }
  } else {
    for (const uid of mine) scheduler.remove(uid);
    if (info.record) yield* runRetrying(writeSchedule(null));
  }
  return yield* scheduleStatusProgram(env);
}

function* pauseProgram(req: ChasePauseRequest): Program<ChasePauseResult> {
  if (typeof req.paused !== 'boolean')
    throw new RegisterError('usage', 'paused must be true (stop chasing) or false (chase again)');
  const added = yield* runRetrying(ensurePauseField(String(req.table ?? '')));
  return yield* runRetrying(pauseChase(req, added));
}

function* useCaseProgram<T>(useCase: UseCase<T>): Program<T> {
  return yield* run(useCase);
}

const PROGRAMS: {
  [M in ChaseMethod]: (req: ChaseMethods[M][0], env: ChaseEnv) => Program<ChaseMethods[M][1]>;
} = {
  chasePlan: planProgram,
  chaseRun: runProgram,
  chasePause: pauseProgram,
  chaseRecord: (req, env) => useCaseProgram(chaseRecordView(req, { nowMs: env.rt.clock() })),
  chaseSchedule: scheduleProgram,
  chaseScheduleStatus: (_req, env) => scheduleStatusProgram(env),
};

export const CHASE_METHODS = Object.keys(PROGRAMS) as ChaseMethod[];

export function isChaseMethod(method: string): method is ChaseMethod {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, method);
}

export function chaseProgram(
  method: ChaseMethod,
  request: unknown,
  kind: string,
  services: MergeServices<unknown> & ChaseServices,
): Program<unknown> {
  const rt = defaultRuntime(kind, services.runtime);
  return (PROGRAMS[method] as (req: unknown, env: ChaseEnv) => Program<unknown>)(request, {
    rt,
    services,
    kind,
  });
}

export function dispatchChaseSync(
  doc: SyncDocument,
  services: MergeServices<SyncMailer> & ChaseServices,
  method: ChaseMethod,
  request: unknown,
): unknown {
  return driveSync(chaseProgram(method, request, doc.kind, services), doc, services.mailer);
}

export function dispatchChaseAsync(
  doc: AsyncDocument,
  services: MergeServices<AsyncMailer> & ChaseServices,
  method: ChaseMethod,
  request: unknown,
): Promise<unknown> {
  return driveAsync(chaseProgram(method, request, doc.kind, services), doc, services.mailer);
}
