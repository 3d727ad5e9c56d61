/**
 * `npm run bench`: the figures the issues ask for. Service calls per operation against rows, core
 * timings, bundle sizes. Figures, not tests: the tests assert call counts, never times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkRegister } from '../../src/core/check';
import { checkMerge } from '../../src/core/mail/checks';
import { mergeContext } from '../../src/core/mail/resolver';
import { PURCHASE_ORDER_CONFIRMATION } from '../../src/core/mail/starter-templates';
import { parseTemplate } from '../../src/core/mail/template';
import { listRecords, type Snapshots } from '../../src/core/records';
import { readSchema } from '../../src/core/setup';
import { openLocalDocument } from '../../src/hosts/local';
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { importRecords, setupRegister } from '../../src/service/register';
import { runAsync, runSync } from '../../src/service/use-case';
import { loadBundle } from '../gas/bundle-harness';
import { seedPurchaseOrders } from '../gas/seed';
import { measureChaseCalls } from '../chase/chase-calls';
import { measureMergeCalls } from '../merge/merge-calls';
import { excelMailOperations, excelOperations } from '../excel/figures';
import { bigRegister, coreTimes } from '../summary/big-register';
import { summaryBuildCalls } from '../summary/gas-figures';
import { sidebarFigures } from './sidebar-bench';

const root = path.resolve(__dirname, '../..');
const out: string[] = [];
const say = (s = '') => {
  out.push(s);
  console.log(s);
};
const ms = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function size(file: string) {
  const buf = readFileSync(path.join(root, file));
  return `${(buf.length / 1024).toFixed(1)} KB raw, ${(gzipSync(buf).length / 1024).toFixed(1)} KB gzip`;
}

function bundleSizes() {
  say('## Bundle sizes');
  for (const f of [
    'dist/gas/Code.js',
    'dist/gas/Sidebar.html',
    'dist/office/taskpane.js',
    'dist/office/commands.js',
  ])
    say(`- ${f}: ${size(f)}`);
}

function gasCalls() {
  say('\n## Apps Script service calls');
  const open = loadBundle();
  open.run('onOpen', [open.env.openEvent('NONE')], { authMode: 'NONE' });
  say(`- onOpen (AuthMode.NONE): ${open.env.calls.count()} calls ${JSON.stringify(open.env.calls.byName())}`);
  say('\n| rows | create | update | get | list | getValues/setValues (create) |');
  say('| ---: | ---: | ---: | ---: | ---: | --- |');
  for (const rows of [100, 1_000, 10_000]) {
    const gas = loadBundle();
    gas.rpc('setupRegister', {});
    for (let i = 1; i <= 12; i++)
      gas.rpc('createRecord', {
        table: 'Suppliers',
        values: { Name: `Supplier ${i}`, Email: `s${i}@s.example` },
      });
    seedPurchaseOrders(gas, rows);
    const counts: Record<string, number> = {};
    let create = '';
    const op = (name: string, method: string, request: unknown) => {
      gas.env.calls.reset();
      const r = gas.rpc(method, request);
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
      counts[name] = gas.env.calls.count();
      if (name === 'create')
        create = `${gas.env.calls.count('Range.getValues')}/${gas.env.calls.count('Range.setValues')}`;
    };
    op('create', 'createRecord', {
      table: 'Purchase Orders',
      values: { Supplier: 'SUP-0001', Description: 'New', Amount: 5, 'Expected delivery': '2026-12-31' },
    });
    op('update', 'updateRecord', {
      table: 'Purchase Orders',
      id: 'PO-0050',
      version: 1,
      values: { Status: 'Cancelled' },
    });
    op('get', 'getRecord', { table: 'Purchase Orders', id: 'PO-0001' });
    op('list', 'listRecords', { table: 'Purchase Orders', where: ['Status=Ordered'] });
    say(
      `| ${rows.toLocaleString('en-US')} | ${counts.create} | ${counts.update} | ${counts.get} | ${counts.list} | ${create} |`,
    );
  }
}

function purchaseOrders(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    Supplier: `SUP-${String((i % 12) + 1).padStart(4, '0')}`,
    Description: `Item ${i + 1}`,
    Amount: 100 + (i % 900),
    'Ordered on': '2026-01-05',
    'Expected delivery': '2026-01-20',
    Status: i % 3 === 0 ? 'Delivered' : 'Ordered',
    Owner: 'anna@backoffice.example',
  }));
}

const env = () => ({
  user: 'anna@backoffice.example',
  timeZone: 'Europe/Rome',
  locale: 'en_US',
  nowMs: Date.parse('2026-03-29T10:00:00Z'),
});

function memoryRegister(n: number): MemoryDocument {
  const doc = new MemoryDocument(env);
  runSync(doc, setupRegister({ sample: true }));
  runSync(doc, importRecords('Purchase Orders', purchaseOrders(n)));
  return doc;
}

function snapshots(doc: MemoryDocument): Snapshots {
  return {
    schema: readSchema(doc.tables.get('Setup')),
    tables: doc.tables,
    sheetNames: new Set(doc.tables.keys()),
    env: env(),
  };
}

function coreTimings() {
  say('\n## Core timings (median of 5)');
  const doc = memoryRegister(10_000);
  const snap = snapshots(doc);
  say(
    `- list 10,050 purchase orders with a filter: ${median([0, 1, 2, 3, 4].map(() => ms(() => listRecords(snap, { table: 'Purchase Orders', where: ['Status=Ordered'] })))).toFixed(1)} ms`,
  );
  say(
    `- validate the register (10,050 purchase orders + sample): ${median([0, 1, 2, 3, 4].map(() => ms(() => checkRegister(snap)))).toFixed(1)} ms`,
  );
  say(
    `- import 10,000 purchase orders (validate + plan, all or nothing): ${ms(() => memoryRegister(10_000)).toFixed(0)} ms`,
  );
  const template = parseTemplate(PURCHASE_ORDER_CONFIRMATION);
  const records = listRecords(snap, { table: 'Purchase Orders' }).records.slice(0, 10_000);
  const ctx = mergeContext(snap);
  say(
    `- render and check 10,000 mails (purchase order confirmation): ${median([0, 1, 2].map(() => ms(() => checkMerge(template, records, ctx, { maxBodyBytes: 200 * 1024, maxRecipientsPerMessage: 50 })))).toFixed(0)} ms`,
  );
}

async function localCli() {
  say('\n## Local CLI on 10,000 purchase orders (wall time of the whole process, median of 3)');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const file = path.join(dir, 'register.xlsx');
  await runAsync(openLocalDocument(file), setupRegister({ sample: true }));
  await runAsync(openLocalDocument(file), importRecords('Purchase Orders', purchaseOrders(10_000)));
  say(`- workbook: ${(statSync(file).size / 1024).toFixed(0)} KB`);
  const bin = path.join(root, 'bin/backoffice.js');
  for (const args of [
    ['list', file, 'Purchase Orders', '--where', 'Status=Ordered', '--json'],
    ['validate', file, '--json'],
  ]) {
    const times = [0, 1, 2].map(() => {
      const t = performance.now();
      try {
        execFileSync('node', [bin, ...args], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
      } catch (e) {
        if ((e as { status?: number }).status !== 1) throw e; // validate exits 1 when it finds problems
      }
      return performance.now() - t;
    });
    say(`- backoffice ${args[0]}: ${median(times).toFixed(0)} ms`);
  }
}

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

function mergeFigures() {
  say('\n## Mail merge: Apps Script service calls, the sends themselves (MailApp.sendEmail) left out');
  say('| records | mails sent | calls | per further mail |');
  say('| ---: | ---: | ---: | ---: |');
  const base = sum(measureMergeCalls(100, 10));
  say(`| 100 | 10 | ${base} | |`);
  const large = sum(measureMergeCalls(1_000, 10));
  say(`| 1,000 | 10 | ${large} | |`);
  const more = sum(measureMergeCalls(1_000, 30));
  say(`| 1,000 | 30 | ${more} | ${((more - large) / 20).toFixed(1)} |`);
  say(
    `- a 1,000-record merge sending 1,000 mails: ${large - 10 * ((more - large) / 20)} + 1,000 × ${((more - large) / 20).toFixed(0)} calls (extrapolated from the rows above)`,
  );
}

function summaryFigures() {
  say('\n## Summary sheets');
  for (const rows of [100, 1_000, 10_000]) {
    const { calls } = summaryBuildCalls(rows);
    say(
      `- Apps Script calls to rebuild all starter reports at ${rows.toLocaleString('en-US')} purchase orders: ${sum(calls)} (getValues ${calls['Range.getValues'] ?? 0}, setValues ${calls['Range.setValues'] ?? 0})`,
    );
  }
  const { snap } = bigRegister(100_000);
  say('- core time per starter report at 100,000 rows (median of 3, warm):');
  for (const [report, ms] of Object.entries(coreTimes(snap))) say(`  - ${report}: ${ms} ms`);
}

function chaseFigures() {
  say('\n## Chases: Apps Script service calls of a run (sends left out)');
  for (const rows of [1_000, 10_000]) {
    const r = measureChaseCalls(rows, 5);
    say(`- ${rows.toLocaleString('en-US')} purchase orders, ${r.sent} mails due: ${sum(r.calls)} calls`);
  }
}

async function excelFigures() {
  say('\n## Excel: syncs per operation (emulated Excel on the web, 5 MB payload limit)');
  say('| rows | create | update | get | list | validate | build summaries | largest request (operation) |');
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const rows of [100, 1_000, 10_000]) {
    const f = await excelOperations(rows);
    const [largest, fig] = Object.entries(f).sort(
      ([, a], [, b]) => b.maxRequestBytes - a.maxRequestBytes,
    )[0]!;
    const read = Object.entries(f).sort(([, a], [, b]) => b.maxResponseBytes - a.maxResponseBytes)[0]!;
    say(
      `| ${rows.toLocaleString('en-US')} | ${f.create!.syncs} | ${f.update!.syncs} | ${f.get!.syncs} | ${f.list!.syncs} | ${f.validate!.syncs} | ${f['build summaries']!.syncs} | ${fig.maxRequestBytes.toLocaleString('en-US')} B (${largest}); largest response ${read[1].maxResponseBytes.toLocaleString('en-US')} B (${read[0]}) |`,
    );
  }
  say(
    "\nMail operations (fake mailer; Graph requests are not syncs). From 1,000 rows the run's table is over 256 KB, so each mail re-reads only its own records (filtered-read.ts):",
  );
  say(
    '| rows | merge preview | merge send, 5 mails | chase plan | chase run | chase run, read in all | largest request; response |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const rows of [100, 1_000, 10_000]) {
    const f = await excelMailOperations(rows);
    const most = (key: 'maxRequestBytes' | 'maxResponseBytes') =>
      Math.max(...Object.values(f).map((x) => x[key])).toLocaleString('en-US');
    say(
      `| ${rows.toLocaleString('en-US')} | ${f['merge preview']!.syncs} | ${f['merge send']!.syncs} | ${f['chase plan']!.syncs} | ${f['chase run']!.syncs} (${f['chase run']!.mails} mails) | ${(f['chase run']!.responseBytes / 1e6).toFixed(2)} MB | ${most('maxRequestBytes')} B; ${most('maxResponseBytes')} B |`,
    );
  }
}

export async function main() {
  say('# Backoffice Register benchmarks');
  say(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  bundleSizes();
  gasCalls();
  coreTimings();
  mergeFigures();
  summaryFigures();
  chaseFigures();
  await excelFigures();
  await localCli();
  await sidebarFigures(say);
}
