/**
 * The Excel JavaScript API emulator: `createExcelEmulator()` builds `Excel.run` (and the `Office` and
 * `OfficeExtension` globals a task pane sees) over one emulated workbook, with counters of syncs,
 * commands and payload sizes. See README.md. DESIGN.md, "Testing without Google or Microsoft".
 */
import { EmulatorStats, FakeRequestContext, PAYLOAD_LIMIT_BYTES, type EmulatorOptions } from './context';
import { ERROR_MESSAGES, excelError, OfficeExtensionError } from './errors';
import { exportState, importState, WorkbookInspector, type WorkbookState } from './inspector';
import { WorkbookModel } from './model';
import { FakeApplication, FakeWorkbook } from './workbook';

export { OfficeExtensionError } from './errors';
export { PAYLOAD_LIMIT_BYTES, RANGE_READ_CELL_LIMIT, type SyncRecord, EmulatorStats } from './context';
export { WorkbookInspector, type TableInfo, type WorkbookState } from './inspector';
export { serialOf, dateOfSerial } from './typed-input';

export interface ExcelEmulatorOptions {
  /** 'web' (default) enforces Excel on the web's 5 MB request and response limit. */
  platform?: 'web' | 'desktop';
  payloadLimitBytes?: number;
  /** Start from a saved state (exportState) instead of an empty workbook with Sheet1. */
  state?: WorkbookState;
  /** The highest ExcelApi requirement set `isSetSupported` confirms. Default 1.8, what manifest.xml declares. */
  excelApi?: string;
  displayLanguage?: string;
}

/** `Excel.run` as the host code calls it. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelEmulator {
  run: ExcelRun;
  workbook: WorkbookInspector;
  stats: EmulatorStats;
  /** `Excel`, `Office` and `OfficeExtension` as a task pane finds them on `window`. */
  globals: {
    Excel: Record<string, unknown>;
    Office: Record<string, unknown>;
    OfficeExtension: Record<string, unknown>;
  };
  exportState(): WorkbookState;
}

function versionAtMost(version: string | undefined, max: string): boolean {
  if (!version) return true;
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = max.split('.').map(Number);
  return a < c || (a === c && b <= d);
}

export function createExcelEmulator(options: ExcelEmulatorOptions = {}): ExcelEmulator {
  const model = options.state ? importState(options.state) : new WorkbookModel();
  const stats = new EmulatorStats();
  const ctxOptions: EmulatorOptions = {
    platform: options.platform ?? 'web',
    payloadLimitBytes: options.payloadLimitBytes ?? PAYLOAD_LIMIT_BYTES,
  };
  const makeContext = () =>
    new FakeRequestContext(model, stats, ctxOptions, (ctx) => ({
      workbook: new FakeWorkbook(ctx, { name: 'workbook', target: model }),
      application: new FakeApplication(ctx, { name: 'application', target: model }),
    }));

  /**
   * Excel.run: a fresh request context per batch; the batch must return a promise
   * (OfficeExtension.ErrorCodes.runMustReturnPromise); commands still queued when it resolves are
   * synced before `run` resolves (learn.microsoft.com/javascript/api/excel#excel-excel-run-function(1),
   * learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model#run-function).
   */
  async function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1] as (ctx: FakeRequestContext) => Promise<T>;
    if (typeof batch !== 'function') throw excelError('InvalidArgument', 'Excel.run needs a batch function.');
    stats.runs += 1;
    const ctx = makeContext();
    const returned = batch(ctx) as unknown;
    if (!returned || typeof (returned as Promise<T>).then !== 'function')
      throw excelError('RunMustReturnPromise');
    const value = await (returned as Promise<T>);
    if (ctx._pending > 0) await ctx.sync();
    return value;
  }

  const ErrorCodes = Object.fromEntries(
    Object.keys(ERROR_MESSAGES).map((code) => [code.charAt(0).toLowerCase() + code.slice(1), code]),
  );
  const maxApi = options.excelApi ?? '1.8';
  const Office = {
    HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline', PC: 'PC', Mac: 'Mac' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    /**
     * Resolves once Office.js is initialized, with the host and platform
     * (learn.microsoft.com/office/dev/add-ins/develop/initialize-add-in#initialize-with-officeonready).
     */
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: 'Excel', platform: ctxOptions.platform === 'web' ? 'OfficeOnline' : 'PC' };
      return Promise.resolve().then(() => {
        callback?.(info);
        return info;
      });
    },
    context: {
      host: 'Excel',
      displayLanguage: options.displayLanguage ?? 'en-US',
      contentLanguage: options.displayLanguage ?? 'en-US',
      requirements: {
        isSetSupported: (name: string, version?: string) =>
          (name === 'ExcelApi' && versionAtMost(version, maxApi)) ||
          (name === 'DialogApi' && versionAtMost(version, '1.2')),
      },
      ui: {
        displayDialogAsync: (_url: string, _options: unknown, callback?: (r: unknown) => void) =>
          callback?.({ status: 'failed', error: { code: 12007, message: 'Dialogs are not emulated.' } }),
        messageParent: () => undefined,
      },
    },
    actions: { associate: () => undefined },
  };
  return {
    run: run as unknown as ExcelRun,
    workbook: new WorkbookInspector(model),
    stats,
    globals: {
      Excel: { run, ErrorCodes },
      Office,
      OfficeExtension: { Error: OfficeExtensionError, ErrorCodes },
    },
    exportState: () => exportState(model),
  };
}
