import { loadBundle } from '../gas/bundle-harness';
import { registerConformance, type HarnessHost } from './register-conformance';

registerConformance('Apps Script (real bundle in the emulator)', async (opts) => {
  const gas = loadBundle({ timeZone: opts.timeZone, now: opts.nowMs, user: opts.user });
  const ss = gas.env.spreadsheet;
  const host: HarnessHost = {
    call: async (method, request) => gas.rpc(method, request),
    // Values and formulas of every sheet, read without counting: what a person would see.
    dump: async () =>
      JSON.stringify(
        gas.env
          .execute(() => ss.getSheets().map((s) => s.getName()))
          .map((name) => [name, ss.read(name), ss.readFormulas(name)]),
        (_k, v: unknown) =>
          Object.prototype.toString.call(v) === '[object Date]' ? `D:${(v as Date).getTime()}` : v,
      ),
    edit: async (e) =>
      gas.env.execute(() => {
        const sheet = ss.getSheetByName(e.sheet)!;
        if ('clear' in e) {
          sheet.clear();
          return;
        }
        const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]!;
        const col = header.findIndex((h) => String(h).trim() === e.header) + 1;
        sheet.getRange(e.row, col).setValue(e.to);
      }),
    formulaCells: async () =>
      gas.env
        .execute(() => ss.getSheets().map((s) => s.getName()))
        .reduce(
          (n, name) =>
            n +
            ss
              .readFormulas(name)
              .flat()
              .filter((f) => f !== '').length,
          0,
        ),
  };
  return host;
});
