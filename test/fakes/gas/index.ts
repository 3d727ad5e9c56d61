/**
 * The Apps Script emulator: createGasEnvironment() builds the services a bundle sees as globals, backed by one fake
 * spreadsheet, a fake clock and a call log. See DESIGN.md, "Testing without Google or Microsoft".
 */
import vm from 'node:vm';
import { Doc } from './doc';
import { AuthMode, ChartType } from './enums';
import { dateMs, isDate } from './errors';
import { FakeGmailMessages, FakeGmailThreads, type FakeGmail, Mailbox } from './gmail';
import { FakeHtmlService } from './html';
import { FakeLockService, LockRegistry } from './lock';
import { type LogEntry, FakeLogger, makeConsole } from './logging';
import { FakeMailApp, Outbox, type SentMail } from './mail';
import { SpreadsheetModel } from './model';
import { FakePropertiesService, PropertyStore } from './properties';
import { type AuthModeName, type ExecuteOptions, Runtime } from './runtime';
import { FakeSession } from './session';
import { FakeSpreadsheet, FakeSpreadsheetApp } from './spreadsheet';
import { type FakeTrigger, FakeScriptApp, TriggerRegistry, nextFire } from './triggers';
import { UiState } from './ui';
import { FakeUtilities } from './utilities';

export type { SentMail } from './mail';
export type { FakeTrigger } from './triggers';
export type { MenuRecord, MenuEntry, DialogRecord, AlertRecord } from './ui';
export type { LogEntry } from './logging';
export type { AuthModeName, ExecuteOptions } from './runtime';
export { FakeSpreadsheet } from './spreadsheet';
export { UiState } from './ui';

export interface GasEnvOptions {
  /** Spreadsheet and script time zone. Default 'Europe/Rome'. */
  timeZone?: string;
  /** Spreadsheet locale. Default 'en_US'. */
  locale?: string;
  /** The active user (also the spreadsheet's owner). Default 'owner@example.com'. */
  user?: string;
  /** Fake clock start. Default 2025-01-06T08:00:00Z, a Monday. */
  now?: Date | number;
  /** Daily email recipients. Default 100 (consumer account). */
  mailQuota?: number;
  /** Project HTML files by name, for HtmlService.createHtmlOutputFromFile / createTemplateFromFile. */
  htmlFiles?: Record<string, string>;
  /** Fake time each service call costs. Default 0. */
  msPerCall?: number;
  /** Runs as an editor add-on (trigger limits; no active document in time-driven triggers). Default true. */
  addOn?: boolean;
  /** A standalone script: no active spreadsheet, document properties or document lock. Default false. */
  standalone?: boolean;
  /** Caption of createAddonMenu() menus. Default 'Backoffice Register'. */
  addOnName?: string;
  /** Session.getActiveUserLocale(). Default: the language of `locale` ('en'). */
  userLocale?: string;
  /** Spreadsheet name. Default 'Backoffice Register'. */
  spreadsheetName?: string;
  /** The manifest's oauthScopes: calls needing any other scope fail as in Apps Script. Default: all granted. */
  oauthScopes?: readonly string[];
}

export interface FiredTrigger {
  handler: string;
  at: number;
  uid: string;
  error?: unknown;
}

export interface GasEnvironment {
  /** Exactly the Apps Script globals, to be put into a bare node:vm context. */
  globals: Record<string, unknown>;
  /** The active document, for seeding and inspecting in tests. */
  spreadsheet: FakeSpreadsheet;
  /** Every service method call counted as 'Class.method'. */
  calls: {
    count(name?: string): number;
    byName(): Record<string, number>;
    reset(): void;
    sequence(): string[];
  };
  clock: { now(): number; advance(ms: number): void };
  ui: UiState;
  /** Every message sent (MailApp and Gmail). */
  mail: SentMail[];
  /** Installable triggers that have not been deleted. */
  readonly triggers: FakeTrigger[];
  /** Logger.log and console output. */
  logs: LogEntry[];
  /** Property stores, for seeding and inspecting without counting. */
  properties: {
    script: Map<string, string>;
    document: Map<string, string>;
    user(email?: string): Map<string, string>;
  };
  /**
   * Runs fn as one Apps Script execution (own lock ownership, own time budget: 6 minutes, 30 seconds for the
   * NONE/LIMITED simple-trigger modes). Nested calls simulate a concurrent second execution.
   */
  execute<T>(fn: () => T, opts?: ExecuteOptions): T;
  /**
   * Advances the clock to each due time-driven trigger (in order, up to untilMs) and calls its handler through
   * invoke(name, event) in a FULL-auth execution without UI. Returns what fired; handler errors are recorded, as the
   * real service records failed executions and keeps the trigger.
   */
  runDueTriggers(untilMs: number, invoke: (handler: string, event: object) => void): FiredTrigger[];
  /**
   * Makes Dates handed to the script come from the context's realm (so `instanceof Date` holds in the script) and
   * makes the context's `new Date()` / `Date.now()` read the fake clock.
   */
  bindContext(context: vm.Context): void;
  /** The event object of a simple onOpen in the given mode (https://developers.google.com/apps-script/guides/triggers/events). */
  openEvent(authMode?: AuthModeName): object;
  /** The onInstall event object (AuthMode.FULL). */
  installEvent(): object;
}

const DEFAULT_START = Date.UTC(2025, 0, 6, 8, 0, 0);

export function createGasEnvironment(options: GasEnvOptions = {}): GasEnvironment {
  const locale = options.locale ?? 'en_US';
  const user = options.user ?? 'owner@example.com';
  const rt = new Runtime(
    {
      timeZone: options.timeZone ?? 'Europe/Rome',
      locale,
      user,
      userLocale: options.userLocale ?? locale.split(/[_-]/)[0] ?? 'en',
      mailQuota: options.mailQuota ?? 100,
      htmlFiles: options.htmlFiles ?? {},
      msPerCall: options.msPerCall ?? 0,
      standalone: options.standalone ?? false,
      addOn: options.addOn ?? true,
      scriptId: '1EmulatedScriptIdBackofficeRegister0000000000000000000',
      ...(options.oauthScopes ? { oauthScopes: options.oauthScopes } : {}),
    },
    options.now === undefined
      ? DEFAULT_START
      : isDate(options.now)
        ? dateMs(options.now)
        : Number(options.now),
  );
  const model = new SpreadsheetModel({
    id: '1EmulatedSpreadsheetIdBackofficeRegister0000',
    name: options.spreadsheetName ?? 'Backoffice Register',
    timeZone: rt.options.timeZone,
    locale,
    owner: user,
  });
  const doc = new Doc(rt, model);
  const ui = new UiState(options.addOnName ?? 'Backoffice Register', model.toasts);
  const logs: LogEntry[] = [];
  const outbox = new Outbox(rt, rt.options.mailQuota);
  const mailbox = new Mailbox();
  const locks = new LockRegistry();
  rt.onExecutionEnd((execution) => locks.releaseFor(execution));
  const userStores = new Map<string, PropertyStore>();
  const stores = {
    script: new PropertyStore(),
    document: new PropertyStore(),
    user(email: string): PropertyStore {
      let store = userStores.get(email);
      if (!store) {
        store = new PropertyStore();
        userStores.set(email, store);
      }
      return store;
    },
  };
  const registry = new TriggerRegistry();

  const globals: Record<string, unknown> = {};
  const gmail: FakeGmail = {
    Users: {
      Messages: new FakeGmailMessages(rt, outbox, mailbox),
      Threads: new FakeGmailThreads(rt, mailbox),
    },
  };
  Object.assign(globals, {
    SpreadsheetApp: new FakeSpreadsheetApp(rt, doc, ui),
    HtmlService: new FakeHtmlService(rt, { files: rt.options.htmlFiles, global: (name) => globals[name] }),
    PropertiesService: new FakePropertiesService(rt, stores),
    LockService: new FakeLockService(rt, locks),
    ScriptApp: new FakeScriptApp(rt, { registry, docId: model.id, addOn: rt.options.addOn }),
    Session: new FakeSession(rt),
    Utilities: new FakeUtilities(rt),
    MailApp: new FakeMailApp(rt, outbox),
    Gmail: gmail,
    Logger: new FakeLogger(rt, logs),
    console: makeConsole(rt, logs),
    // Only ChartType, for EmbeddedChartBuilder.setChartType(Charts.ChartType.X).
    Charts: { ChartType },
  });

  const spreadsheet = new FakeSpreadsheet(rt, doc);

  const env: GasEnvironment = {
    globals,
    spreadsheet,
    calls: rt.calls,
    clock: rt.clock,
    ui,
    mail: outbox.sent,
    get triggers() {
      return registry.live();
    },
    logs,
    properties: {
      script: stores.script.data,
      document: stores.document.data,
      user: (email = user) => stores.user(email).data,
    },
    execute: (fn, opts) => rt.execute(fn, opts),
    runDueTriggers(untilMs, invoke) {
      const fired: FiredTrigger[] = [];
      for (;;) {
        const due = registry
          .live()
          .filter((t) => t.eventType === 'CLOCK' && t.nextAt !== null && t.nextAt <= untilMs)
          .sort((a, b) => (a.nextAt as number) - (b.nextAt as number) || a.createdAt - b.createdAt)[0];
        if (!due || due.nextAt === null || !due.schedule) break;
        const at = due.nextAt;
        rt.clock.advanceTo(at);
        due.nextAt = nextFire(due.schedule, at);
        const event = clockEvent(due, rt.clock.now());
        const record: FiredTrigger = { handler: due.handler, at, uid: due.uid };
        try {
          rt.execute(() => invoke(due.handler, event), {
            authMode: 'FULL',
            user: due.user,
            hasUi: false,
            container: !rt.options.addOn,
          });
        } catch (error) {
          record.error = error;
        }
        fired.push(record);
        if (fired.length > 100_000)
          throw new Error('runDueTriggers: more than 100000 firings; is untilMs right?');
      }
      rt.clock.advanceTo(untilMs);
      return fired;
    },
    bindContext(context) {
      const install = vm.runInContext(
        `(function (now) {
          const RealDate = Date;
          function FakeDate(...args) {
            if (!new.target) return new RealDate(now()).toString();
            return Reflect.construct(RealDate, args.length ? args : [now()], new.target);
          }
          FakeDate.prototype = RealDate.prototype;
          FakeDate.now = () => now();
          FakeDate.parse = RealDate.parse;
          FakeDate.UTC = RealDate.UTC;
          globalThis.Date = FakeDate;
          return RealDate;
        })`,
        context,
      ) as (now: () => number) => DateConstructor;
      rt.realm = { Date: install(() => rt.clock.now()) };
    },
    openEvent(authMode = 'LIMITED') {
      return {
        authMode: AuthMode[authMode],
        source: authMode === 'NONE' ? undefined : spreadsheet,
        user: authMode === 'FULL' ? user : '',
      };
    },
    installEvent() {
      return { authMode: AuthMode.FULL };
    },
  };
  return env;
}

/**
 * Time-driven event object (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events):
 * the date fields are in UTC, with day-of-week 1 = Monday.
 */
function clockEvent(trigger: FakeTrigger, now: number): object {
  const d = new Date(now);
  const dayOfWeek = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - dayOfWeek));
  const week = Math.ceil(
    ((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7,
  );
  return {
    authMode: AuthMode.FULL,
    triggerUid: trigger.uid,
    'day-of-month': d.getUTCDate(),
    'day-of-week': dayOfWeek,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    month: d.getUTCMonth() + 1,
    second: d.getUTCSeconds(),
    timezone: 'UTC',
    'week-of-year': week,
    year: d.getUTCFullYear(),
  };
}
