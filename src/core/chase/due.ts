/**
 * The due-step rule (issue 6), for one record under one rule on a run for date D:
 *
 *   the record is due for step k when it is open, step k has not been sent, D >= due date + days(k),
 *   and, for k > 1, step k-1 was sent at least days(k) - days(k-1) before D.
 *
 * Days are business days (Monday to Friday) when the rule says so, and then nothing is sent on a
 * Saturday or a Sunday. k is always the step after the last one sent: steps are never skipped, so
 * after missed runs a supplier still gets the polite mail first, and the gaps between steps are kept
 * (they count from when the previous step actually went out, not from when it should have).
 *
 * A weekly rule (`Steps: every Monday`) sends its next reminder on that weekday once the record is
 * past due, at most once a week: if that day's run was missed, the first run after it in the same
 * week catches up.
 *
 * The chase restarts from step 1 when the record's due date moved later than the one its chase
 * counted from (the supplier promised a new date). Whether the record is open, paused, or has a
 * recipient is the planner's business (plan.ts): this module is only about dates.
 */
import {
  addChaseDays,
  firstWeekdayAfter,
  isWeekend,
  laterOf,
  latestWeekdayOnOrBefore,
  onOrNextWeekday,
  weekdayName,
} from './days';
import type { ChaseRule } from './rules';
import type { RecordChase } from './state';

export type ScheduleRule = Pick<ChaseRule, 'schedule' | 'businessDays'>;

export type DueDecision =
  | {
      due: true;
      step: number;
      /** The chase the step continues: the record's, or a fresh one after its due date moved later. */
      chase: RecordChase;
      restarted: boolean;
    }
  | {
      due: false;
      reason: string;
      /** The next date a step could go, when there is one. */
      next?: string;
      /** Whether to list the record as skipped: false for records whose chase has not begun. */
      report: boolean;
      restarted: boolean;
    };

/** The earliest date step `step` may go, by the due date alone. */
export function stepDate(rule: ScheduleRule, dueOn: string, step: number): string {
  if (rule.schedule.kind === 'weekly')
    return addWeeks(firstWeekdayAfter(dueOn, rule.schedule.weekday), step - 1);
  return addChaseDays(dueOn, rule.schedule.days[step - 1]!, rule.businessDays);
}

function addWeeks(ymd: string, weeks: number): string {
  return addChaseDays(ymd, weeks * 7, false);
}

/** Did the due date move later than the one the chase counted from? */
export function dueMovedLater(rule: ScheduleRule, chase: RecordChase, dueOn: string): boolean {
  if (chase.step === 0) return false;
  if (chase.dueOn) return dueOn > chase.dueOn;
  // The log did not say (a mail sent by hand): the chase is stale if the step it sent would not yet
  // have been due under the current date.
  if (!chase.lastChasedOn) return false;
  if (rule.schedule.kind === 'weekly') return chase.lastChasedOn <= dueOn;
  const step = Math.min(chase.step, rule.schedule.days.length);
  return chase.lastChasedOn < stepDate(rule, dueOn, step);
}

export function dueStep(
  rule: ScheduleRule,
  chase: RecordChase | undefined,
  dueOn: string,
  date: string,
): DueDecision {
  const restarted = chase !== undefined && dueMovedLater(rule, chase, dueOn);
  const current: RecordChase = !chase || restarted ? { step: 0 } : chase;
  const skip = (reason: string, report: boolean, next?: string): DueDecision => ({
    due: false,
    reason: restarted ? `the due date moved to ${dueOn}, so the chase starts over: ${reason}` : reason,
    report,
    restarted,
    ...(next ? { next } : {}),
  });

  // A mail that has not gone out yet blocks the record, whatever its step: exactly once comes first.
  const attempt = chase?.attempt;
  if (attempt?.state === 'PENDING')
    return skip(
      `step ${attempt.step} is queued since ${attempt.on} (PENDING): it goes out when that run resumes`,
      true,
    );
  if (attempt?.state === 'SENDING')
    return skip(
      `step ${attempt.step} was being sent on ${attempt.on} when the run stopped (SENDING): check whether it went out, then mark it SENT or FAILED in Correspondence`,
      true,
    );
  if (attempt?.state === 'FAILED' && attempt.on === date)
    return skip(
      `step ${attempt.step} failed today${attempt.error ? `: ${attempt.error}` : ''}; it is tried again on the next run`,
      true,
    );

  const step = current.step + 1;
  const { schedule } = rule;
  if (schedule.kind === 'steps' && step > schedule.days.length)
    return skip(
      `all ${schedule.days.length} steps sent${current.lastChasedOn ? ` (the last on ${current.lastChasedOn})` : ''}; the record is still open`,
      true,
    );

  let earliest: string;
  if (schedule.kind === 'weekly') {
    // This week's reminder day; it must itself be past the due date.
    const thisWeek = latestWeekdayOnOrBefore(date, schedule.weekday);
    if (thisWeek <= dueOn) {
      const first = firstWeekdayAfter(dueOn, schedule.weekday);
      return skip(
        `the first reminder goes on ${weekdayName(first)} ${first}`,
        date > dueOn || restarted,
        first,
      );
    }
    if (current.lastChasedOn && current.lastChasedOn >= thisWeek) {
      const next = addWeeks(thisWeek, 1);
      return skip(
        `reminder ${current.step} went on ${current.lastChasedOn}; the next goes on ${next}`,
        true,
        next,
      );
    }
    earliest = thisWeek;
  } else {
    earliest = stepDate(rule, dueOn, step);
    if (step > 1 && current.lastChasedOn) {
      const gap = schedule.days[step - 1]! - schedule.days[step - 2]!;
      earliest = laterOf(earliest, addChaseDays(current.lastChasedOn, gap, rule.businessDays));
    }
  }
  if (rule.businessDays) earliest = onOrNextWeekday(earliest);
  if (date < earliest) {
    // A record whose first step is still ahead is not in a chase yet: nothing to report.
    return skip(`step ${step} is due on ${earliest}`, current.step > 0 || restarted, earliest);
  }
  if (rule.businessDays && isWeekend(date)) {
    const monday = onOrNextWeekday(date);
    return skip(`step ${step} goes on Monday ${monday}: this rule sends on business days only`, true, monday);
  }
  return { due: true, step, chase: current, restarted };
}
