/**
 * The Excel host for the behaviour suites (merge-behaviour.ts, chase-behaviour.ts): ExcelDocument over
 * the Excel JS emulator, the real GraphMailer sending to the fake Microsoft Graph on loopback, and the
 * task pane's merge runtime (src/hosts/excel/merge-runtime.ts).
 */
import { afterAll, beforeAll } from 'vitest';
import { cellText } from '../../src/core/cells';
import { ExcelDocument, excelMergeRuntime, fromExcel, GraphMailer } from '../../src/hosts/excel';
import { importRecords } from '../../src/service/register';
import { dispatchAsync } from '../../src/service/rpc';
import { runAsync } from '../../src/service/use-case';
import { createExcelEmulator, type ExcelEmulator } from '../fakes/excel';
import { FakeGraph } from '../fakes/excel/graph';
import { START, USER, type MergeHarness } from '../merge/harness';

/** One fake Graph endpoint for the test file, started before its tests and closed after. */
export function useFakeGraph(): () => FakeGraph {
  let graph: FakeGraph | undefined;
  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(() => graph?.close());
  return () => {
    if (!graph) throw new Error('The fake Graph endpoint starts in beforeAll');
    return graph;
  };
}

/** A header of a MIME message as sent (unfolded, first occurrence). */
function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

let panes = 0;

export type ExcelHarness = MergeHarness & { graph: FakeGraph; xl: ExcelEmulator; sentCount(): number };

export async function excelHarness(graph: FakeGraph, startMs = START): Promise<ExcelHarness> {
  const xl = createExcelEmulator();
  let now = startMs;
  let sendMs = 0;
  let attempts = 0;
  const start = graph.delivered.length;
  const hooks = new Map<number, (() => unknown)[]>();
  const failing = new Set<number>();
  const pane = `pane-${++panes}`;
  let inFlight = 0;

  const makeMailer = (limit: number) => {
    const m = new GraphMailer({
      baseUrl: graph.url,
      getToken: async () => 'token-1',
      sleep: async () => undefined,
      now: () => now,
      dailyRecipientLimit: limit,
    });
    const realSend = m.send.bind(m);
    m.send = async (mail) => {
      const n = ++attempts;
      for (const fn of hooks.get(n) ?? []) await fn();
      hooks.delete(n);
      now += sendMs;
      if (failing.delete(n)) throw new Error('Mail server said no');
      return realSend(mail);
    };
    return m;
  };
  let mailer = makeMailer(100);
  // Filtering from the first measured read on, however small the table: the tests' registers are small.
  const doc = () =>
    new ExcelDocument({
      run: xl.run,
      user: USER,
      timeZone: 'Europe/Rome',
      locale: 'en_US',
      now: () => now,
      filterAboveBytes: 0,
    });
  // One document per pane, as the task pane keeps one (taskpane.ts): it remembers the tables' sizes.
  const docs = new Map<string, ExcelDocument>();
  const paneDoc = (owner: string) => docs.get(owner) ?? docs.set(owner, doc()).get(owner)!;
  const tableOf = (sheet: string) => xl.workbook.tables().find((t) => t.sheet === sheet)!;

  return {
    name: 'Excel (emulator) with Graph mail (fake endpoint)',
    graph,
    xl,
    sentCount: () => graph.delivered.length - start,
    call: async (method, request) => {
      // Calls in one pane are queued (taskpane.ts); a call that starts while another is running can
      // only come from a second pane, a second person: it gets its own pane ID.
      const owner = inFlight > 0 ? `${pane}-other` : pane;
      inFlight++;
      try {
        return await dispatchAsync(paneDoc(owner), method, request, {
          mailer,
          runtime: { ...excelMergeRuntime(owner), clock: () => now, startedAtMs: now, budgetMs: 5 * 60_000 },
        });
      } finally {
        inFlight--;
      }
    },
    delivered: () =>
      graph.delivered.slice(start).map(({ message: m, raw }) => ({
        to: m.to,
        cc: m.cc,
        bcc: m.bcc,
        subject: m.subject,
        body: m.text,
        inReplyTo: header(raw, 'In-Reply-To'),
      })),
    beforeSend: (k, fn) => {
      const n = attempts + k;
      hooks.set(n, [...(hooks.get(n) ?? []), fn]);
    },
    failSend: (k) => failing.add(attempts + k),
    setQuota: (n) => (mailer = makeMailer(n)),
    advance: (ms) => (now += ms),
    sendTakes: (ms) => (sendMs = ms),
    seed: async (table, records) => {
      await runAsync(doc(), importRecords(table, records));
    },
    editCell: async (sheet, id, column, value, keyColumn = 'ID') => {
      const t = tableOf(sheet);
      const key = t.columns.indexOf(keyColumn);
      const col = t.columns.indexOf(column);
      const row = xl.workbook.tableRows(t.name).findIndex((r) => String(r[key]) === id);
      if (row < 0 || col < 0) throw new Error(`No ${id} / ${column} in ${sheet}`);
      const letter = String.fromCharCode(65 + col);
      // The register's tables start at A1: data row i is sheet row i + 2.
      xl.workbook.type(sheet, `${letter}${row + 2}`, value);
    },
    reverseRows: async (sheet) => xl.workbook.reverseTableRows(tableOf(sheet).name),
    sheet: async (name) => {
      const formats = xl.workbook.numberFormats(name);
      return xl.workbook.values(name).map((r, i) => r.map((v, j) => cellText(fromExcel(v, formats[i]?.[j]))));
    },
    close: async () => undefined,
  };
}
