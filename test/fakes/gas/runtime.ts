import { CallLog } from './calls';
import { FakeClock } from './clock';
import { GasException, gasError } from './errors';

export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

/**
 * What a method needs in order to run, per the authorization modes of
 * https://developers.google.com/apps-script/reference/script/auth-mode ("NONE: a mode that does not allow access to any
 * services that require authorization"; "LIMITED: a limited subset of services", the mode of simple onOpen/onEdit
 * triggers; "FULL: all services that require authorization") and the simple-trigger restrictions of
 * https://developers.google.com/apps-script/guides/triggers#restrictions ("they can modify the file they are bound to";
 * "they cannot access services that require authorization", e.g. sending mail).
 * - open: anonymous services (Utilities, HtmlService, menu building, logging): every mode.
 * - ui: like open, but only where a user interface exists (SpreadsheetApp.getUi()).
 * - document: the bound spreadsheet: LIMITED and FULL.
 * - storage: PropertiesService and LockService: LIMITED and FULL. The docs are silent on LIMITED; the AuthMode page's
 *   own onOpen example reads document properties outside AuthMode.NONE, so LIMITED allows them.
 * - full: mail, Gmail and trigger management: FULL only.
 */
export type Access = 'open' | 'ui' | 'document' | 'storage' | 'full';

export interface ResolvedOptions {
  timeZone: string;
  locale: string;
  user: string;
  userLocale: string;
  mailQuota: number;
  htmlFiles: Record<string, string>;
  msPerCall: number;
  standalone: boolean;
  addOn: boolean;
  scriptId: string;
  /** The manifest's oauthScopes; undefined = every scope granted (no manifest given). */
  oauthScopes?: readonly string[];
}

export interface Execution {
  readonly id: number;
  readonly start: number;
  readonly budgetMs: number;
  readonly authMode: AuthModeName;
  readonly user: string;
  readonly hasUi: boolean;
  /** Whether there is an active (bound) document. */
  readonly container: boolean;
  readonly implicit: boolean;
}

export interface ExecuteOptions {
  authMode?: AuthModeName;
  user?: string;
  /** false for executions without an editor UI, e.g. time-driven triggers. Default true. */
  hasUi?: boolean;
  /** false when the execution has no active document, e.g. an add-on's time-driven trigger. Default true. */
  container?: boolean;
}

export interface InstrumentSpec {
  /** The class name used for counting, e.g. 'Range'. */
  name: string;
  /** The name Apps Script uses in error messages, e.g. 'SpreadsheetApp.Range'. Defaults to `name`. */
  qualified?: string;
  methods: readonly string[];
  access: Access | ((method: string) => Access);
  /** OAuth scope quoted in permission errors. */
  scope?: string | ((method: string) => string | undefined);
}

/**
 * Script runtime: https://developers.google.com/apps-script/guides/services/quotas#current_limitations lists
 * "Script runtime: 6 min / execution"; simple triggers "cannot run for longer than 30 seconds"
 * (https://developers.google.com/apps-script/guides/triggers#restrictions). NONE and LIMITED only occur in simple
 * triggers, so they get the 30-second budget.
 */
export const FULL_BUDGET_MS = 6 * 60 * 1000;
export const SIMPLE_TRIGGER_BUDGET_MS = 30 * 1000;

export const RT = Symbol('gas-runtime');

/**
 * A project with explicit `oauthScopes` is authorized for exactly those scopes
 * (developers.google.com/apps-script/concepts/scopes#setting_explicit_scopes): a call that needs
 * another fails with the permission error. The full `spreadsheets` scope covers
 * `spreadsheets.currentonly` (developers.google.com/workspace/add-ons/concepts/editor-scopes).
 */
export function scopeGranted(granted: readonly string[] | undefined, needed: string): boolean {
  if (!granted) return true;
  if (granted.includes(needed)) return true;
  return (
    needed.endsWith('/spreadsheets.currentonly') && granted.some((g) => g.endsWith('/auth/spreadsheets'))
  );
}

/** Every fake service object carries the runtime it belongs to. */
export abstract class Fake {
  readonly [RT]: Runtime;

  constructor(rt: Runtime) {
    this[RT] = rt;
  }
}

export interface Realm {
  Date: DateConstructor;
}

export class Runtime {
  readonly calls = new CallLog();
  readonly clock: FakeClock;
  readonly options: ResolvedOptions;
  /** Bound by GasEnvironment.bindContext so that Dates handed to the script come from the script's realm. */
  realm: Realm | undefined;
  private readonly stack: Execution[] = [];
  private readonly implicit: Execution;
  private readonly endHooks: ((execution: Execution) => void)[] = [];
  private depth = 0;
  private nextId = 1;

  constructor(options: ResolvedOptions, start: number) {
    this.options = options;
    this.clock = new FakeClock(start);
    // Calls outside env.execute(): one long FULL-auth execution without a time budget, so that seeding a test
    // never times out. Locks it takes are held until the environment is dropped.
    this.implicit = {
      id: 0,
      start,
      budgetMs: Number.POSITIVE_INFINITY,
      authMode: 'FULL',
      user: options.user,
      hasUi: !options.standalone,
      container: !options.standalone,
      implicit: true,
    };
  }

  current(): Execution {
    return this.stack[this.stack.length - 1] ?? this.implicit;
  }

  onExecutionEnd(hook: (execution: Execution) => void): void {
    this.endHooks.push(hook);
  }

  execute<T>(fn: () => T, opts: ExecuteOptions = {}): T {
    const authMode = opts.authMode ?? 'FULL';
    const execution: Execution = {
      id: this.nextId++,
      start: this.clock.now(),
      budgetMs: authMode === 'FULL' ? FULL_BUDGET_MS : SIMPLE_TRIGGER_BUDGET_MS,
      authMode,
      user: opts.user ?? this.options.user,
      hasUi: (opts.hasUi ?? true) && !this.options.standalone,
      container: (opts.container ?? true) && !this.options.standalone,
      implicit: false,
    };
    this.stack.push(execution);
    const savedDepth = this.depth;
    this.depth = 0;
    try {
      return fn();
    } finally {
      this.depth = savedDepth;
      this.stack.pop();
      // "Locks are released automatically when the script terminates" (reference/lock/lock#releaseLock()).
      for (const hook of this.endHooks) hook(execution);
    }
  }

  /** Runs one counted service call: count, time budget, authorization, fake cost. Nested service calls are free. */
  invoke<T>(spec: InstrumentSpec, method: string, access: Access, fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      this.calls.record(`${spec.name}.${method}`);
      const execution = this.current();
      this.checkBudget(execution);
      this.checkAccess(execution, spec, method, access);
      if (this.options.msPerCall > 0) this.clock.advance(this.options.msPerCall);
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** Calls back into script code (e.g. a template's include()), whose own service calls count again. */
  userCode<T>(fn: () => T): T {
    const saved = this.depth;
    this.depth = 0;
    try {
      return fn();
    } finally {
      this.depth = saved;
    }
  }

  /** Throws the runtime's timeout once the execution has used its budget of fake time. */
  checkBudget(execution: Execution = this.current()): void {
    if (this.clock.now() - execution.start >= execution.budgetMs) {
      // Wording from the quotas page's list of error messages.
      throw gasError('Exceeded maximum execution time');
    }
  }

  newDate(ms: number): Date {
    const DateCtor = this.realm?.Date ?? Date;
    return new DateCtor(ms);
  }

  private checkAccess(execution: Execution, spec: InstrumentSpec, method: string, access: Access): void {
    const qualified = `${spec.qualified ?? spec.name}.${method}`;
    if (access === 'ui') {
      // Real message when a trigger or web app asks for the editor UI.
      if (!execution.hasUi) throw gasError(`Cannot call ${qualified}() from this context.`);
      return;
    }
    const needed = typeof spec.scope === 'function' ? spec.scope(method) : spec.scope;
    const allowed =
      access === 'open' ||
      (access === 'full' ? execution.authMode === 'FULL' : execution.authMode !== 'NONE');
    if (allowed && (access === 'open' || !needed || scopeGranted(this.options.oauthScopes, needed))) return;
    // Wording as reported by Apps Script, e.g. "You do not have permission to call MailApp.sendEmail.
    // Required permissions: https://www.googleapis.com/auth/script.send_mail".
    const scope = needed ? ` Required permissions: ${needed}` : '';
    throw new GasException(`You do not have permission to call ${qualified}.${scope}`);
  }
}

/**
 * Wraps each listed prototype method so that calling it goes through Runtime.invoke. The class keeps its exact
 * TypeScript type; only the listed methods (the public Apps Script surface) are counted.
 */
export function instrument(ctor: { prototype: object }, spec: InstrumentSpec): void {
  const proto = ctor.prototype as Record<string, unknown>;
  for (const method of spec.methods) {
    const original = proto[method];
    if (typeof original !== 'function')
      throw new Error(`instrument: ${spec.name}.${method} is not implemented`);
    const access = typeof spec.access === 'function' ? spec.access(method) : spec.access;
    const wrapped = function (this: Fake, ...args: unknown[]): unknown {
      return this[RT].invoke(spec, method, access, () => original.apply(this, args));
    };
    Object.defineProperty(wrapped, 'name', { value: method });
    proto[method] = wrapped;
  }
}
