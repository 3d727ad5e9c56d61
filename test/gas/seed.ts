import type { GasBundle } from './bundle-harness';

/**
 * Fill Purchase Orders with `n` valid rows, straight into the emulated sheet (not counted), in the
 * order of the sheet's own header, so operations can be measured against the number of rows.
 */
export function seedPurchaseOrders(gas: GasBundle, n: number): void {
  const header = gas.env.spreadsheet.read('Purchase Orders')[0] as string[];
  const rows: unknown[][] = [];
  for (let i = 1; i <= n; i++) {
    const ordered = new Date(Date.UTC(2026, 0, 1 + (i % 60)));
    const values: Record<string, unknown> = {
      ID: `PO-${String(i).padStart(4, '0')}`,
      Supplier: `SUP-${String((i % 12) + 1).padStart(4, '0')}`,
      Description: `Item ${i}`,
      Amount: 100 + (i % 900),
      Currency: 'EUR',
      'Ordered on': ordered,
      'Expected delivery': new Date(ordered.getTime() + 14 * 86_400_000),
      'Delivered on': '',
      Status: i % 3 === 0 ? 'Delivered' : 'Ordered',
      Owner: 'anna@backoffice.example',
      Created: ordered,
      'Created by': 'anna@backoffice.example',
      Updated: ordered,
      'Updated by': 'anna@backoffice.example',
      Version: 1,
    };
    rows.push(header.map((h) => values[h] ?? ''));
  }
  gas.env.spreadsheet.seed('Purchase Orders', rows, { row: 2 });
}
