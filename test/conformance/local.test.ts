import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openLocalDocument } from '../../src/hosts/local';
import { dispatchAsync } from '../../src/service/rpc';
import { registerConformance, type HarnessHost } from './register-conformance';

registerConformance('local .xlsx', async (opts) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  const file = path.join(dir, 'register.xlsx');
  const doc = () =>
    openLocalDocument(file, { user: opts.user, timeZone: opts.timeZone, now: () => opts.nowMs });
  const host: HarnessHost = {
    call: async (method, request) => dispatchAsync(doc(), method, request),
    // Byte for byte: a refused request must not even re-save the file.
    dump: async () => {
      try {
        return createHash('sha256').update(readFileSync(file)).digest('hex');
      } catch {
        return 'no file';
      }
    },
    edit: async (e) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet(e.sheet)!;
      if ('clear' in e) {
        wb.removeWorksheet(ws.id);
        wb.addWorksheet(e.sheet);
      } else {
        let col = 0;
        ws.getRow(1).eachCell((c, n) => {
          if (String(c.value).trim() === e.header) col = n;
        });
        ws.getCell(e.row, col).value = e.to;
      }
      await wb.xlsx.writeFile(file);
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
  return host;
});
