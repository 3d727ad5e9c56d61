/**
 * The conformance suite on the Excel host, over the Excel JS emulator as Excel on the web (5 MB
 * payload limit). One ExcelDocument serves every request, as the task pane keeps one.
 */
import { columnLetter } from '../../src/core/table';
import { ExcelDocument } from '../../src/hosts/excel';
import { dispatchAsync } from '../../src/service/rpc';
import { createExcelEmulator } from '../fakes/excel';
import { registerConformance, type HarnessHost } from './register-conformance';

registerConformance('Excel (emulated Excel on the web)', async (opts) => {
  const xl = createExcelEmulator({ platform: 'web' });
  const doc = new ExcelDocument({
    run: xl.run,
    user: opts.user,
    timeZone: opts.timeZone,
    locale: 'en_US',
    now: () => opts.nowMs,
  });
  const wb = xl.workbook;
  const host: HarnessHost = {
    call: async (method, request) => dispatchAsync(doc, method, request),
    dump: async () => wb.dump(),
    edit: async (e) => {
      if ('clear' in e) {
        // A person deletes the sheet and adds an empty one with its name.
        wb.deleteSheet(e.sheet);
        wb.addSheet(e.sheet);
        return;
      }
      const header = (wb.values(e.sheet)[0] ?? []).map((h) => String(h).trim());
      const col = header.indexOf(e.header);
      if (col < 0) throw new Error(`No column ${e.header} on ${e.sheet}`);
      const duplicate = header.some((h, i) => i !== col && h.toLowerCase() === e.to.trim().toLowerCase());
      // Excel keeps the header of a table unique (a second "Email" becomes "Email2"): a sheet gets two
      // columns of one name only once its table is converted to a plain range, which is what happens here.
      if (e.row === 1 && duplicate)
        for (const t of wb.tables().filter((t) => t.sheet === e.sheet)) wb.convertToRange(t.name);
      wb.type(e.sheet, `${columnLetter(col)}${e.row}`, e.to);
    },
    formulaCells: async () => wb.formulaCount(),
  };
  return host;
});
