/**
 * Large registers for the Excel host's tests: rows go straight into the emulated tables (not counted),
 * in the order of each table's own header.
 */
import type { ExcelEmulator } from '../fakes/excel';
import { serialOf } from '../fakes/excel';

const DATE = 'yyyy-mm-dd';
const DATE_TIME = 'yyyy-mm-dd hh:mm';

/** `n` valid purchase orders (PO-0001...), over suppliers SUP-0001 to SUP-0012. */
export function seedPurchaseOrders(xl: ExcelEmulator, n: number): void {
  const table = xl.workbook.table('tblPurchaseOrders')!;
  const rows: (string | number | boolean)[][] = [];
  const formats: Record<string, string> = {
    'Ordered on': DATE,
    'Expected delivery': DATE,
    Created: DATE_TIME,
    Updated: DATE_TIME,
  };
  for (let i = 1; i <= n; i++) {
    const ordered = serialOf(2026, 1, 1) + (i % 60);
    const values: Record<string, string | number> = {
      ID: `PO-${String(i).padStart(4, '0')}`,
      Supplier: `SUP-${String((i % 12) + 1).padStart(4, '0')}`,
      Description: `Item ${i}`,
      Amount: 100 + (i % 900),
      Currency: 'EUR',
      'Ordered on': ordered,
      'Expected delivery': ordered + 14,
      'Delivered on': '',
      Status: i % 3 === 0 ? 'Delivered' : 'Ordered',
      Owner: 'anna@backoffice.example',
      Created: ordered + 0.375,
      'Created by': 'anna@backoffice.example',
      Updated: ordered + 0.375,
      'Updated by': 'anna@backoffice.example',
      Version: 1,
    };
    rows.push(table.columns.map((h) => values[h] ?? ''));
  }
  xl.workbook.appendTableRows(
    table.name,
    rows,
    table.columns.map((h) => formats[h]),
  );
}
