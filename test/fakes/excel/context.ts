/**
 * Proxy objects and the request context: the batching model of the Excel JavaScript API
 * (learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model).
 *
 * - "Any methods that you invoke or properties that you set or load on proxy objects are simply added
 *   to a queue of pending commands"; `context.sync()` runs the queue in order ("Proxy objects", "sync()").
 * - A property can be read only after `load` and a `sync` ("load()"); otherwise the getter throws
 *   PropertyNotLoaded. `isNullObject` is loaded automatically by the sync ("*OrNullObject methods").
 * - A method returning a primitive returns a `ClientResult` whose `value` exists after the sync ("ClientResult").
 * - Commands run in order; the first that fails rejects the sync with an `OfficeExtension.Error` whose
 *   `debugInfo.errorLocation` names it, and the commands before it stay applied (there is no rollback).
 * - Excel on the web limits a request and a response to 5 MB and throws RequestPayloadSizeLimitExceeded /
 *   ResponsePayloadSizeLimitExceeded ("This error only occurs in Office on the web"); a range is limited
 *   to 5,000,000 cells for read operations on every platform (learn.microsoft.com/office/dev/add-ins/concepts/
 *   resource-limits-and-performance-optimization#excel-add-ins, learn.microsoft.com/office/dev/add-ins/excel/
 *   performance#payload-size-limit-best-practices). Sizes are measured as the UTF-8 bytes of the JSON the
 *   emulator would send and receive: the queued commands with their arguments, and the loaded values.
 */
import { excelError, OfficeExtensionError, propertyNotLoaded } from './errors';
import type { WorkbookModel } from './model';

/** 5 MB, the Excel on the web payload limit. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
export const RANGE_READ_CELL_LIMIT = 5_000_000;

export interface SyncRecord {
  /** Commands queued since the previous sync (instantiations, sets, method calls and loads). */
  actions: number;
  requestBytes: number;
  responseBytes: number;
  calculationSuspended: boolean;
  error?: string;
}

export class EmulatorStats {
  runs = 0;
  syncs = 0;
  actions = 0;
  log: SyncRecord[] = [];

  reset(): void {
    this.runs = 0;
    this.syncs = 0;
    this.actions = 0;
    this.log = [];
  }

  get maxRequestBytes(): number {
    return this.log.reduce((m, s) => Math.max(m, s.requestBytes), 0);
  }

  get maxResponseBytes(): number {
    return this.log.reduce((m, s) => Math.max(m, s.responseBytes), 0);
  }
}

export interface EmulatorOptions {
  /** 'web' enforces the 5 MB payload limit (Excel on the web); 'desktop' does not. */
  platform: 'web' | 'desktop';
  payloadLimitBytes: number;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

interface Action {
  wire: Record<string, unknown>;
  where: string;
  run(): unknown;
  commit?(): void;
}

type LoadOption = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

export function loadPaths(option: LoadOption): string[] {
  if (option === undefined || option === null) return [];
  if (typeof option === 'string')
    return option
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(option)) return option.flatMap((o) => loadPaths(o));
  return [...loadPaths(option.select), ...loadPaths(option.expand)];
}

export class FakeClientResult<T> {
  private _value: T | undefined;
  private _ready = false;

  get value(): T {
    if (!this._ready) throw propertyNotLoaded('value');
    return this._value as T;
  }

  _set(value: T): void {
    this._value = value;
    this._ready = true;
  }
}

interface ProxyInit<T> {
  parent?: ClientProxy<unknown> | null;
  name: string;
  args?: unknown[];
  /** Resolve the target at the command's place in the queue; null makes a null object. */
  resolve?: (parent: unknown) => T | null;
  /** Known already (items returned by a collection load, root objects). */
  target?: T;
}

/** Base of every emulated API object: the proxy of one object path. */
export abstract class ClientProxy<T> {
  readonly context: FakeRequestContext;
  readonly _id: number;
  _target: T | null | undefined = undefined;
  private _nullKnown = false;
  private readonly _loaded = new Map<string, unknown>();
  private readonly _children = new Map<string, ClientProxy<unknown>>();
  protected abstract readonly _className: string;
  /** Scalar properties a bare `load()` fetches. */
  protected abstract readonly _scalars: readonly string[];

  constructor(context: FakeRequestContext, init: ProxyInit<T>) {
    this.context = context;
    this._id = context._nextId();
    if (init.target !== undefined) {
      this._target = init.target;
      this._nullKnown = true;
      return;
    }
    const parent = init.parent ?? null;
    context._enqueue({
      wire: { k: 'new', i: this._id, p: parent?._id, n: init.name, a: init.args ?? [] },
      where: `${parent?._className ?? 'RequestContext'}.${init.name}`,
      run: () => {
        if (parent && parent._target === null) this._target = null;
        else this._target = init.resolve ? init.resolve(parent?._target) : null;
      },
      commit: () => {
        this._nullKnown = true;
      },
    });
  }

  /** True when the object does not exist; readable after the sync that created the proxy. */
  get isNullObject(): boolean {
    if (!this._nullKnown) throw propertyNotLoaded('isNullObject');
    return this._target === null;
  }

  /** The target while a command runs; commands on a null object fail with ItemNotFound. */
  protected _t(): T {
    if (this._target === undefined)
      throw excelError('GeneralException', 'The object was used before it existed.');
    if (this._target === null) throw excelError('ItemNotFound');
    return this._target;
  }

  protected _get<V>(name: string): V {
    if (!this._loaded.has(name)) throw propertyNotLoaded(name);
    return this._loaded.get(name) as V;
  }

  /** A navigation property: one child proxy per name. */
  protected _nav<C extends ClientProxy<unknown>>(name: string, make: () => C): C {
    let child = this._children.get(name);
    if (!child) {
      child = make();
      this._children.set(name, child);
    }
    return child as C;
  }

  /** Navigation properties that `load('child/prop')` may go through. */
  protected _navigation(_name: string): ClientProxy<unknown> | undefined {
    return undefined;
  }

  /** The current value of a scalar property, computed while a load command runs. */
  protected abstract _read(target: T, name: string): unknown;

  protected _set(name: string, value: unknown, apply: (target: T) => void): void {
    this.context._enqueue({
      wire: { k: 'set', i: this._id, n: name, v: value },
      where: `${this._className}.${name}`,
      run: () => apply(this._t()),
    });
  }

  protected _call(name: string, args: unknown[], run: (target: T) => void): void {
    this.context._enqueue({
      wire: { k: 'call', i: this._id, n: name, a: args },
      where: `${this._className}.${name}`,
      run: () => run(this._t()),
    });
  }

  protected _result<V>(name: string, args: unknown[], run: (target: T) => V): FakeClientResult<V> {
    const result = new FakeClientResult<V>();
    let value: V;
    this.context._enqueue({
      wire: { k: 'call', i: this._id, n: name, a: args },
      where: `${this._className}.${name}`,
      run: () => {
        value = run(this._t());
        return { i: this._id, v: value };
      },
      commit: () => result._set(value),
    });
    return result;
  }

  load(option?: LoadOption): this {
    const paths = loadPaths(option);
    const own: string[] = [];
    const nested = new Map<ClientProxy<unknown>, string[]>();
    for (const path of paths) {
      const [head, ...rest] = path.split('/');
      const child = this._navigation(head!);
      if (child) nested.set(child, [...(nested.get(child) ?? []), ...(rest.length ? [rest.join('/')] : [])]);
      else own.push(path);
    }
    if (own.length > 0 || paths.length === 0) this._queueLoad(own.length > 0 ? own : [...this._scalars]);
    for (const [child, childPaths] of nested) child.load(childPaths.length > 0 ? childPaths : undefined);
    return this;
  }

  protected _queueLoad(props: string[]): void {
    let data: Record<string, unknown> | null = null;
    this.context._enqueue({
      wire: { k: 'load', i: this._id, s: props },
      where: `${this._className}.load`,
      run: () => {
        if (this._target === null) return { i: this._id, isNull: true };
        const target = this._t();
        data = {};
        for (const p of props) {
          if (!this._scalars.includes(p))
            throw excelError('InvalidArgument', `${this._className} has no property "${p}" to load.`);
          data[p] = this._read(target, p);
        }
        return { i: this._id, d: data };
      },
      commit: () => {
        if (data) for (const [k, v] of Object.entries(data)) this._loaded.set(k, v);
      },
    });
  }

  /** Plain JSON of the loaded properties (ClientObject.toJSON). */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** A collection proxy: `load('items/name')` (or `load('name')`) returns item proxies with those properties. */
export abstract class CollectionProxy<T, I, P extends ClientProxy<I>> extends ClientProxy<T> {
  private _items: P[] | undefined;

  protected abstract _itemTargets(target: T): I[];
  protected abstract _makeItem(target: I): P;

  get items(): P[] {
    if (!this._items) throw propertyNotLoaded('items');
    return this._items;
  }

  override load(option?: LoadOption): this {
    const paths = loadPaths(option);
    const own = paths.filter((p) => this._scalars.includes(p));
    const itemPaths = paths
      .filter((p) => !this._scalars.includes(p))
      .map((p) => (p === 'items' ? '' : p.startsWith('items/') ? p.slice('items/'.length) : p));
    if (own.length > 0) this._queueLoad(own);
    if (itemPaths.length > 0 || paths.length === 0) {
      let made: P[] = [];
      const pending: (() => void)[] = [];
      this.context._enqueue({
        wire: { k: 'loadItems', i: this._id, s: itemPaths },
        where: `${this._className}.load`,
        run: () => {
          if (this._target === null) return { i: this._id, isNull: true };
          made = this._itemTargets(this._t()).map((t) => this._makeItem(t));
          // The items' own loads run now, against the state at this point of the queue.
          const wanted = itemPaths.filter(Boolean);
          const out: unknown[] = [];
          for (const item of made) {
            const queue = this.context._capture(() => item.load(wanted.length > 0 ? wanted : undefined));
            for (const a of queue) {
              const r = a.run();
              if (r !== undefined) out.push(r);
              if (a.commit) pending.push(() => a.commit!());
            }
          }
          return { i: this._id, items: out };
        },
        commit: () => {
          this._items = made;
          for (const c of pending) c();
        },
      });
    }
    return this;
  }
}

export type ProxyFactory = (ctx: FakeRequestContext) => { workbook: unknown; application: unknown };

/** The emulated `Excel.RequestContext`. */
export class FakeRequestContext {
  readonly _model: WorkbookModel;
  readonly _stats: EmulatorStats;
  readonly _options: EmulatorOptions;
  readonly workbook: unknown;
  readonly application: unknown;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  readonly requestHeaders: Record<string, string> = {};
  private _queue: Action[] = [];
  private _capturing: Action[] | null = null;
  private _ids = 0;
  _calculationSuspended = false;

  constructor(model: WorkbookModel, stats: EmulatorStats, options: EmulatorOptions, roots: ProxyFactory) {
    this._model = model;
    this._stats = stats;
    this._options = options;
    const { workbook, application } = roots(this);
    this.workbook = workbook;
    this.application = application;
  }

  _nextId(): number {
    this._ids += 1;
    return this._ids;
  }

  _enqueue(action: Action): void {
    (this._capturing ?? this._queue).push(action);
  }

  /** Run `fn` collecting the commands it queues instead of queueing them (loads inside a load). */
  _capture(fn: () => void): Action[] {
    const saved = this._capturing;
    const captured: Action[] = [];
    this._capturing = captured;
    try {
      fn();
    } finally {
      this._capturing = saved;
    }
    return captured;
  }

  get _pending(): number {
    return this._queue.length;
  }

  load(object: ClientProxy<unknown>, option?: LoadOption): void {
    object.load(option);
  }

  trace(_message: string): void {}

  async sync<T>(passThroughValue?: T): Promise<T> {
    // sync() is the one asynchronous call: the commands run after the caller yields.
    await Promise.resolve();
    const actions = this._queue;
    this._queue = [];
    const record: SyncRecord = {
      actions: actions.length,
      requestBytes: utf8Length(
        JSON.stringify(
          actions.map((a) => a.wire),
          wireReplacer,
        ),
      ),
      responseBytes: 0,
      calculationSuspended: this._calculationSuspended,
    };
    this._calculationSuspended = false;
    this._stats.syncs += 1;
    this._stats.actions += actions.length;
    this._stats.log.push(record);
    const web = this._options.platform === 'web';
    if (web && record.requestBytes > this._options.payloadLimitBytes) {
      record.error = 'RequestPayloadSizeLimitExceeded';
      throw excelError('RequestPayloadSizeLimitExceeded');
    }
    const response: unknown[] = [];
    for (const action of actions) {
      try {
        const out = action.run();
        if (out !== undefined) response.push(out);
      } catch (e) {
        const err =
          e instanceof OfficeExtensionError
            ? e
            : excelError('GeneralException', e instanceof Error ? e.message : String(e));
        err.debugInfo.errorLocation = action.where;
        record.error = err.code;
        throw err;
      }
    }
    record.responseBytes = utf8Length(JSON.stringify(response));
    if (web && record.responseBytes > this._options.payloadLimitBytes) {
      record.error = 'ResponsePayloadSizeLimitExceeded';
      throw excelError('ResponsePayloadSizeLimitExceeded');
    }
    for (const action of actions) action.commit?.();
    return passThroughValue as T;
  }
}

function wireReplacer(_key: string, value: unknown): unknown {
  return value instanceof ClientProxy ? { ref: value._id } : value;
}
