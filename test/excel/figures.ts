/**
 * The Excel host on the emulator, measured: what the summary tests and `npm run bench` report (syncs per
 * operation, request and response payloads). Large registers go straight into the emulated tables.
 */
import type { BuildResult } from '../../src/core/summary';
import { ExcelDocument, excelMergeRuntime } from '../../src/hosts/excel';
import { dispatchAsync } from '../../src/service/rpc';
import { createExcelEmulator, type ExcelEmulator } from '../fakes/excel';
import { FakeAsyncMailer } from '../merge/fake-mailer';
import { FIXED } from '../summary/helpers';
import { seedPurchaseOrders } from './seed';

export interface ExcelRegister {
  xl: ExcelEmulator;
  doc: ExcelDocument;
  call<T = unknown>(method: string, request: unknown): Promise<T>;
}

/** A register in the emulated Excel on the web, at the summary tests' fixed moment. */
export async function excelRegister(opts: { sample?: boolean; now?: number } = {}): Promise<ExcelRegister> {
  const xl = createExcelEmulator({ platform: 'web' });
  const doc = new ExcelDocument({
    run: xl.run,
    user: FIXED.user,
    timeZone: FIXED.timeZone,
    locale: 'en_US',
    now: () => opts.now ?? FIXED.nowMs,
  });
  const call = async <T>(method: string, request: unknown): Promise<T> => {
    const reply = await dispatchAsync(doc, method, request);
    if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.value as T;
  };
  await call('setupRegister', { sample: opts.sample === true });
  return { xl, doc, call };
}

export interface SyncFigures {
  syncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Every response of the operation, added up: what it read. */
  responseBytes: number;
}

async function measure(xl: ExcelEmulator, fn: () => Promise<unknown>): Promise<SyncFigures> {
  xl.stats.reset();
  await fn();
  return {
    syncs: xl.stats.syncs,
    maxRequestBytes: xl.stats.maxRequestBytes,
    maxResponseBytes: xl.stats.maxResponseBytes,
    responseBytes: xl.stats.log.reduce((n, s) => n + s.responseBytes, 0),
  };
}

/** A register with 12 suppliers and `rows` purchase orders. */
export async function excelRegisterWithOrders(rows: number): Promise<ExcelRegister> {
  const r = await excelRegister();
  for (let i = 1; i <= 12; i++)
    await r.call('createRecord', {
      table: 'Suppliers',
      values: { Name: `Supplier ${i}`, Email: `s${i}@s.example` },
    });
  seedPurchaseOrders(r.xl, rows);
  return r;
}

/** Syncs of the second build of every starter report (the first creates the sheets). */
export async function excelSummaryBuild(rows: number): Promise<SyncFigures & { built: BuildResult }> {
  const r = await excelRegisterWithOrders(rows);
  await r.call('buildSummaries', {});
  let built: BuildResult | undefined;
  const figures = await measure(r.xl, async () => {
    built = await r.call<BuildResult>('buildSummaries', {});
  });
  return { ...figures, built: built! };
}

/** Syncs and payloads of the register's everyday operations at `rows` purchase orders. */
export async function excelOperations(rows: number): Promise<Record<string, SyncFigures>> {
  const r = await excelRegisterWithOrders(rows);
  const out: Record<string, SyncFigures> = {};
  const op = async (name: string, method: string, request: unknown) => {
    out[name] = await measure(r.xl, () => r.call(method, request));
  };
  await op('create', 'createRecord', {
    table: 'Purchase Orders',
    values: { Supplier: 'SUP-0001', Description: 'New', Amount: 5, 'Expected delivery': '2026-12-31' },
  });
  await op('update', 'updateRecord', {
    table: 'Purchase Orders',
    id: 'PO-0050',
    version: 1,
    values: { Status: 'Cancelled' },
  });
  await op('get', 'getRecord', { table: 'Purchase Orders', id: 'PO-0001' });
  await op('list', 'listRecords', { table: 'Purchase Orders', where: ['Status=Ordered'] });
  await op('validate', 'validateRegister', {});
  await r.call('buildSummaries', {});
  await op('build summaries', 'buildSummaries', {});
  return out;
}

/**
 * Syncs of the mail operations at `rows` purchase orders: a merge of 5 purchase order confirmations
 * (preview, then send), and the day's chases (the plan the pane offers on opening, then the run). The
 * mail goes to a fake mailer: Graph's requests are not syncs. A chase run's mails are one per
 * supplier and step due today, so they depend on the 12 suppliers, not on the rows.
 */
export async function excelMailOperations(
  rows: number,
): Promise<Record<string, SyncFigures & { mails?: number }>> {
  const r = await excelRegisterWithOrders(rows);
  const mailer = new FakeAsyncMailer();
  const services = {
    mailer,
    runtime: { ...excelMergeRuntime('bench'), clock: () => FIXED.nowMs, startedAtMs: FIXED.nowMs },
  };
  const out: Record<string, SyncFigures & { mails?: number }> = {};
  const op = async (name: string, method: string, request: unknown) => {
    const before = mailer.delivered.length;
    out[name] = await measure(r.xl, async () => {
      const reply = await dispatchAsync(r.doc, method, request, services);
      if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    });
    out[name]!.mails = mailer.delivered.length - before;
  };
  const merge = {
    template: 'Purchase order confirmation',
    ids: ['PO-0001', 'PO-0002', 'PO-0004', 'PO-0005', 'PO-0007'],
  };
  await op('merge preview', 'mergePreview', merge);
  await op('merge send', 'mergeSend', merge);
  // A Monday when orders due on the Friday before get their first chase, and earlier ones later steps.
  await op('chase plan', 'chasePlan', { today: '2026-03-16' });
  await op('chase run', 'chaseRun', { today: '2026-03-16' });
  return out;
}
