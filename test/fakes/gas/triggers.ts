import {
  AuthMode,
  AuthorizationStatus,
  EventType,
  InstallationSource,
  TriggerSource,
  Weekday,
  enumName,
} from './enums';
import { dateMs, gasError, isDate } from './errors';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { fromWallMs, resolveZone, wallFromParts, wallParts } from './timezone';

type Trigger = GoogleAppsScript.Script.Trigger;
type ClockTriggerBuilder = GoogleAppsScript.Script.ClockTriggerBuilder;
type SpreadsheetTriggerBuilder = GoogleAppsScript.Script.SpreadsheetTriggerBuilder;

/** "Triggers: 20 / user / script" (https://developers.google.com/apps-script/guides/services/quotas). */
export const MAX_TRIGGERS_PER_USER = 20;

export type TriggerEventType = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';

export interface Schedule {
  kind: 'after' | 'at' | 'minutes' | 'hours' | 'days' | 'weeks' | 'monthDay';
  every: number;
  at?: number;
  hour?: number;
  minute?: number;
  weekday?: number;
  monthDay?: number;
  timeZone: string;
}

export interface FakeTrigger {
  readonly uid: string;
  readonly handler: string;
  readonly eventType: TriggerEventType;
  readonly source: 'CLOCK' | 'SPREADSHEETS';
  readonly sourceId: string | null;
  readonly user: string;
  /** The document the trigger was created in (add-on triggers are per document). */
  readonly docId: string | null;
  readonly createdAt: number;
  readonly schedule?: Schedule;
  /** When a clock trigger fires next; null once a one-off trigger has fired. */
  nextAt: number | null;
  deleted: boolean;
}

export class TriggerRegistry {
  readonly all: FakeTrigger[] = [];
  private counter = 0;

  nextUid(): string {
    this.counter++;
    return String(8_480_000_000_000_000 + this.counter * 7_919);
  }

  live(): FakeTrigger[] {
    return this.all.filter((t) => !t.deleted);
  }
}

export interface TriggerContext {
  registry: TriggerRegistry;
  docId: string;
  addOn: boolean;
}

const SCRIPTAPP_METHODS = [
  'deleteTrigger',
  'getAuthorizationInfo',
  'getInstallationSource',
  'getProjectTriggers',
  'getScriptId',
  'getUserTriggers',
  'newTrigger',
] as const;
const TRIGGER_METHODS = [
  'getEventType',
  'getHandlerFunction',
  'getTriggerSource',
  'getTriggerSourceId',
  'getUniqueId',
] as const;
const BUILDER_METHODS = ['forSpreadsheet', 'timeBased'] as const;
const SHEET_BUILDER_METHODS = ['create', 'onChange', 'onEdit', 'onFormSubmit', 'onOpen'] as const;
const CLOCK_BUILDER_METHODS = [
  'after',
  'at',
  'atDate',
  'atHour',
  'create',
  'everyDays',
  'everyHours',
  'everyMinutes',
  'everyWeeks',
  'inTimezone',
  'nearMinute',
  'onMonthDay',
  'onWeekDay',
] as const;
const AUTH_INFO_METHODS = ['getAuthorizationStatus', 'getAuthorizationUrl'] as const;

/** https://developers.google.com/apps-script/reference/script/script-app */
export class FakeScriptApp
  extends Fake
  implements
    Pick<
      GoogleAppsScript.Script.ScriptApp,
      | (typeof SCRIPTAPP_METHODS)[number]
      | 'AuthMode'
      | 'AuthorizationStatus'
      | 'EventType'
      | 'InstallationSource'
      | 'TriggerSource'
      | 'WeekDay'
    >
{
  readonly AuthMode = AuthMode;
  readonly AuthorizationStatus = AuthorizationStatus;
  readonly EventType = EventType;
  readonly InstallationSource = InstallationSource;
  readonly TriggerSource = TriggerSource;
  readonly WeekDay = Weekday;

  constructor(
    rt: Runtime,
    private readonly ctx: TriggerContext,
  ) {
    super(rt);
  }

  deleteTrigger(trigger: Trigger): void {
    const model = triggerModelOf(trigger);
    const found = this.ctx.registry.all.find((t) => t.uid === model.uid && !t.deleted);
    if (found) found.deleted = true;
  }

  /** The emulated user has authorized the add-on; nothing further is required. */
  getAuthorizationInfo(
    authMode: GoogleAppsScript.Script.AuthMode,
  ): GoogleAppsScript.Script.AuthorizationInfo {
    void authMode;
    return new FakeAuthorizationInfo(this[RT]) as unknown as GoogleAppsScript.Script.AuthorizationInfo;
  }

  getInstallationSource(): GoogleAppsScript.Script.InstallationSource {
    return this.ctx.addOn ? InstallationSource.WEB_STORE_ADD_ON : InstallationSource.NONE;
  }

  /** "Gets all installable triggers associated with the current project and current user." */
  getProjectTriggers(): Trigger[] {
    const user = this[RT].current().user;
    return this.ctx.registry
      .live()
      .filter((t) => t.user === user)
      .map((t) => new FakeTriggerApi(this[RT], t) as unknown as Trigger);
  }

  getScriptId(): string {
    return this[RT].options.scriptId;
  }

  /** "Gets all installable triggers owned by this user in the given spreadsheet, for this script or add-on only." */
  getUserTriggers(spreadsheet: { getId(): string }): Trigger[] {
    const user = this[RT].current().user;
    const id = spreadsheet?.getId();
    return this.ctx.registry
      .live()
      .filter((t) => t.user === user && t.docId === id)
      .map((t) => new FakeTriggerApi(this[RT], t) as unknown as Trigger);
  }

  newTrigger(functionName: string): GoogleAppsScript.Script.TriggerBuilder {
    if (typeof functionName !== 'string' || functionName === '')
      throw gasError('Invalid argument: functionName');
    return new FakeTriggerBuilder(
      this[RT],
      this.ctx,
      functionName,
    ) as unknown as GoogleAppsScript.Script.TriggerBuilder;
  }
}

export class FakeAuthorizationInfo
  extends Fake
  implements Pick<GoogleAppsScript.Script.AuthorizationInfo, (typeof AUTH_INFO_METHODS)[number]>
{
  getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus {
    return AuthorizationStatus.NOT_REQUIRED;
  }

  getAuthorizationUrl(): string {
    return null as unknown as string;
  }
}

/** https://developers.google.com/apps-script/reference/script/trigger */
export class FakeTriggerApi extends Fake implements Pick<Trigger, (typeof TRIGGER_METHODS)[number]> {
  constructor(
    rt: Runtime,
    readonly model: FakeTrigger,
  ) {
    super(rt);
  }

  getEventType(): GoogleAppsScript.Script.EventType {
    return EventType[this.model.eventType];
  }

  getHandlerFunction(): string {
    return this.model.handler;
  }

  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    return TriggerSource[this.model.source];
  }

  /** The spreadsheet's ID for spreadsheet triggers; null for clock triggers (the reference is silent). */
  getTriggerSourceId(): string {
    return this.model.sourceId as string;
  }

  getUniqueId(): string {
    return this.model.uid;
  }
}

function triggerModelOf(trigger: unknown): FakeTrigger {
  if (trigger instanceof FakeTriggerApi) return trigger.model;
  throw gasError('Invalid argument: trigger');
}

/** https://developers.google.com/apps-script/reference/script/trigger-builder */
export class FakeTriggerBuilder
  extends Fake
  implements Pick<GoogleAppsScript.Script.TriggerBuilder, (typeof BUILDER_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly ctx: TriggerContext,
    private readonly handler: string,
  ) {
    super(rt);
  }

  forSpreadsheet(sheetOrKey: GoogleAppsScript.Spreadsheet.Spreadsheet | string): SpreadsheetTriggerBuilder {
    const key = typeof sheetOrKey === 'string' ? sheetOrKey : sheetOrKey.getId();
    return new FakeSpreadsheetTriggerBuilder(
      this[RT],
      this.ctx,
      this.handler,
      key,
    ) as unknown as SpreadsheetTriggerBuilder;
  }

  timeBased(): ClockTriggerBuilder {
    return new FakeClockTriggerBuilder(this[RT], this.ctx, this.handler) as unknown as ClockTriggerBuilder;
  }
}

/**
 * Add-on restrictions from https://developers.google.com/workspace/add-ons/concepts/editor-triggers
 * ("Installable triggers in add-ons"): "Add-ons can only create triggers for the file in which the add-on is used";
 * "Each add-on can only have one trigger of each type, per user, per document"; "Time-driven triggers cannot run more
 * frequently than once per hour". Plus the quota "Triggers: 20 / user / script", whose error is the service's own
 * "This script has too many triggers. Triggers must be deleted from the script before more can be added." The
 * reference does not quote the add-on errors; the emulator's messages restate the documented rules.
 */
function register(
  rt: Runtime,
  ctx: TriggerContext,
  spec: Omit<FakeTrigger, 'uid' | 'user' | 'docId' | 'createdAt' | 'deleted' | 'nextAt'>,
): Trigger {
  const execution = rt.current();
  const user = execution.user;
  const docId = execution.container ? ctx.docId : null;
  const mine = ctx.registry.live().filter((t) => t.user === user);
  if (ctx.addOn) {
    if (spec.source === 'SPREADSHEETS' && spec.sourceId !== ctx.docId) {
      throw gasError('Add-ons can only create triggers for the file in which the add-on is used.');
    }
    if (spec.schedule?.kind === 'minutes') {
      throw gasError('Add-ons can only create time-driven triggers that run at most once per hour.');
    }
    if (mine.some((t) => t.docId === docId && t.eventType === spec.eventType)) {
      throw gasError(
        `Add-ons can only have one trigger of each type (${spec.eventType}) per user per document.`,
      );
    }
  }
  if (mine.length >= MAX_TRIGGERS_PER_USER) {
    throw gasError(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  }
  const createdAt = rt.clock.now();
  const model: FakeTrigger = {
    ...spec,
    uid: ctx.registry.nextUid(),
    user,
    docId,
    createdAt,
    nextAt: spec.schedule ? firstFire(spec.schedule, createdAt) : null,
    deleted: false,
  };
  ctx.registry.all.push(model);
  return new FakeTriggerApi(rt, model) as unknown as Trigger;
}

/** https://developers.google.com/apps-script/reference/script/spreadsheet-trigger-builder */
export class FakeSpreadsheetTriggerBuilder
  extends Fake
  implements Pick<SpreadsheetTriggerBuilder, (typeof SHEET_BUILDER_METHODS)[number]>
{
  private eventType: TriggerEventType | undefined;

  constructor(
    rt: Runtime,
    private readonly ctx: TriggerContext,
    private readonly handler: string,
    private readonly key: string,
  ) {
    super(rt);
  }

  create(): Trigger {
    if (!this.eventType)
      throw gasError('Trigger event type must be set (onOpen, onEdit, onChange or onFormSubmit).');
    return register(this[RT], this.ctx, {
      handler: this.handler,
      eventType: this.eventType,
      source: 'SPREADSHEETS',
      sourceId: this.key,
    });
  }

  onChange(): SpreadsheetTriggerBuilder {
    return this.set('ON_CHANGE');
  }

  onEdit(): SpreadsheetTriggerBuilder {
    return this.set('ON_EDIT');
  }

  onFormSubmit(): SpreadsheetTriggerBuilder {
    return this.set('ON_FORM_SUBMIT');
  }

  onOpen(): SpreadsheetTriggerBuilder {
    return this.set('ON_OPEN');
  }

  private set(type: TriggerEventType): SpreadsheetTriggerBuilder {
    this.eventType = type;
    return this as unknown as SpreadsheetTriggerBuilder;
  }
}

/**
 * https://developers.google.com/apps-script/reference/script/clock-trigger-builder. Real triggers fire at a
 * randomised time inside the hour ("Apps Script chooses a time between 9 a.m. and 10 a.m.",
 * guides/triggers/installable#time-driven_triggers); the emulator fires at the start of that window plus nearMinute.
 */
export class FakeClockTriggerBuilder
  extends Fake
  implements Pick<ClockTriggerBuilder, (typeof CLOCK_BUILDER_METHODS)[number]>
{
  private kind: Schedule['kind'] | undefined;
  private every = 1;
  private atMs: number | undefined;
  private hour: number | undefined;
  private minute: number | undefined;
  private weekday: number | undefined;
  private monthDay: number | undefined;
  private timeZone: string | undefined;

  constructor(
    rt: Runtime,
    private readonly ctx: TriggerContext,
    private readonly handler: string,
  ) {
    super(rt);
  }

  after(durationMilliseconds: number): ClockTriggerBuilder {
    this.kind = 'after';
    this.atMs = this[RT].clock.now() + Number(durationMilliseconds);
    return this.self();
  }

  at(date: GoogleAppsScript.Base.Date): ClockTriggerBuilder {
    if (!isDate(date)) throw gasError('Invalid argument: date');
    this.kind = 'at';
    this.atMs = dateMs(date);
    return this.self();
  }

  /** Midnight of that day in the trigger's time zone. */
  atDate(year: number, month: number, day: number): ClockTriggerBuilder {
    this.kind = 'at';
    this.atMs = fromWallMs(wallFromParts(year, month, day), resolveZone(this.zone()));
    return this.self();
  }

  atHour(hour: number): ClockTriggerBuilder {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw gasError('Invalid argument: hour');
    this.hour = hour;
    return this.self();
  }

  create(): Trigger {
    if (!this.kind)
      throw gasError('A time-based trigger needs a schedule (everyHours, everyDays, at, after, ...).');
    if (this.hour !== undefined && !['days', 'weeks', 'monthDay'].includes(this.kind)) {
      throw gasError('atHour() can only be used with everyDays(), everyWeeks() or onMonthDay().');
    }
    const schedule: Schedule = {
      kind: this.kind,
      every: this.every,
      at: this.atMs,
      hour: this.hour,
      minute: this.minute,
      weekday: this.weekday,
      monthDay: this.monthDay,
      timeZone: this.zone(),
    };
    return register(this[RT], this.ctx, {
      handler: this.handler,
      eventType: 'CLOCK',
      source: 'CLOCK',
      sourceId: null,
      schedule,
    });
  }

  everyDays(n: number): ClockTriggerBuilder {
    return this.repeat('days', n);
  }

  everyHours(n: number): ClockTriggerBuilder {
    return this.repeat('hours', n);
  }

  /** "n must be 1, 5, 10, 15 or 30" (reference/script/clock-trigger-builder#everyMinutes(Integer)). */
  everyMinutes(n: number): ClockTriggerBuilder {
    if (![1, 5, 10, 15, 30].includes(n))
      throw gasError('Invalid argument: everyMinutes() accepts 1, 5, 10, 15 or 30');
    return this.repeat('minutes', n);
  }

  everyWeeks(n: number): ClockTriggerBuilder {
    return this.repeat('weeks', n);
  }

  inTimezone(timezone: string): ClockTriggerBuilder {
    this.timeZone = String(timezone);
    return this.self();
  }

  nearMinute(minute: number): ClockTriggerBuilder {
    if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw gasError('Invalid argument: minute');
    this.minute = minute;
    return this.self();
  }

  onMonthDay(day: number): ClockTriggerBuilder {
    if (!Number.isInteger(day) || day < 1 || day > 31) throw gasError('Invalid argument: day');
    this.kind = 'monthDay';
    this.monthDay = day;
    return this.self();
  }

  onWeekDay(day: GoogleAppsScript.Base.Weekday): ClockTriggerBuilder {
    const name = enumName(day);
    const index = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].indexOf(
      name ?? '',
    );
    if (index < 0) throw gasError('Invalid argument: day');
    this.weekday = index;
    if (!this.kind) this.kind = 'weeks';
    return this.self();
  }

  private repeat(kind: Schedule['kind'], n: number): ClockTriggerBuilder {
    if (!Number.isInteger(n) || n < 1) throw gasError('Invalid argument: n');
    this.kind = kind;
    this.every = n;
    return this.self();
  }

  private zone(): string {
    return this.timeZone ?? this[RT].options.timeZone;
  }

  private self(): ClockTriggerBuilder {
    return this as unknown as ClockTriggerBuilder;
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function firstFire(s: Schedule, createdAt: number): number {
  switch (s.kind) {
    case 'after':
    case 'at':
      return s.at ?? createdAt;
    case 'minutes':
      return createdAt + s.every * MINUTE;
    case 'hours': {
      const base = createdAt + s.every * HOUR;
      if (s.minute === undefined) return base;
      const zone = resolveZone(s.timeZone);
      const p = wallParts(base, zone);
      return fromWallMs(wallFromParts(p.year, p.month, p.day, p.hour, s.minute), zone);
    }
    default:
      return nextWallOccurrence(
        s,
        createdAt,
        s.hour === undefined ? createdAt + (s.kind === 'weeks' ? 7 * s.every : s.every) * DAY : undefined,
      );
  }
}

/** The next time after `last` that a repeating trigger fires; null for one-off triggers. */
export function nextFire(s: Schedule, last: number): number | null {
  switch (s.kind) {
    case 'after':
    case 'at':
      return null;
    case 'minutes':
      return last + s.every * MINUTE;
    case 'hours':
      return last + s.every * HOUR;
    case 'days':
      return shiftWallDays(s, last, s.every);
    case 'weeks':
      return shiftWallDays(s, last, 7 * s.every);
    case 'monthDay': {
      const zone = resolveZone(s.timeZone);
      const p = wallParts(last, zone);
      return fromWallMs(wallFromParts(p.year, p.month + 1, s.monthDay ?? p.day, p.hour, p.minute), zone);
    }
  }
}

function shiftWallDays(s: Schedule, last: number, days: number): number {
  const zone = resolveZone(s.timeZone);
  const p = wallParts(last, zone);
  return fromWallMs(wallFromParts(p.year, p.month, p.day + days, p.hour, p.minute), zone);
}

/** First wall-clock time at the trigger's hour (and weekday / day of month) after `from`. */
function nextWallOccurrence(s: Schedule, from: number, fallback: number | undefined): number {
  if (fallback !== undefined && s.weekday === undefined && s.monthDay === undefined) return fallback;
  const zone = resolveZone(s.timeZone);
  const p = wallParts(from, zone);
  const hour = s.hour ?? p.hour;
  const minute = s.minute ?? 0;
  for (let add = 0; add < 400; add++) {
    const candidate = fromWallMs(wallFromParts(p.year, p.month, p.day + add, hour, minute), zone);
    if (candidate <= from) continue;
    const c = wallParts(candidate, zone);
    if (s.weekday !== undefined && c.weekday !== s.weekday) continue;
    if (s.monthDay !== undefined && c.day !== s.monthDay) continue;
    return candidate;
  }
  throw gasError('Could not schedule the trigger.');
}

const triggerScope = 'https://www.googleapis.com/auth/script.scriptapp';
instrument(FakeScriptApp, {
  name: 'ScriptApp',
  methods: SCRIPTAPP_METHODS,
  access: (method) =>
    ['getScriptId', 'getAuthorizationInfo', 'getInstallationSource'].includes(method) ? 'open' : 'full',
  scope: triggerScope,
});
instrument(FakeAuthorizationInfo, {
  name: 'AuthorizationInfo',
  qualified: 'ScriptApp.AuthorizationInfo',
  methods: AUTH_INFO_METHODS,
  access: 'open',
});
instrument(FakeTriggerApi, {
  name: 'Trigger',
  qualified: 'ScriptApp.Trigger',
  methods: TRIGGER_METHODS,
  access: 'full',
  scope: triggerScope,
});
instrument(FakeTriggerBuilder, {
  name: 'TriggerBuilder',
  qualified: 'ScriptApp.TriggerBuilder',
  methods: BUILDER_METHODS,
  access: 'full',
  scope: triggerScope,
});
instrument(FakeSpreadsheetTriggerBuilder, {
  name: 'SpreadsheetTriggerBuilder',
  qualified: 'ScriptApp.SpreadsheetTriggerBuilder',
  methods: SHEET_BUILDER_METHODS,
  access: 'full',
  scope: triggerScope,
});
instrument(FakeClockTriggerBuilder, {
  name: 'ClockTriggerBuilder',
  qualified: 'ScriptApp.ClockTriggerBuilder',
  methods: CLOCK_BUILDER_METHODS,
  access: 'full',
  scope: triggerScope,
});
