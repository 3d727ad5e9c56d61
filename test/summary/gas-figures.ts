/**
 * Apps Script service calls to rebuild every starter report, measured on the real bundle in the
 * emulator with `rows` purchase orders: for the call-count test and for `npm run bench`.
 */
import type { BuildResult } from '../../src/core/summary';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';
import { seedPurchaseOrders } from '../gas/seed';
import { FIXED } from './helpers';

export function openGas(): GasBundle {
  return loadBundle({ timeZone: FIXED.timeZone, now: FIXED.nowMs, user: FIXED.user });
}

export function gasOk<T>(gas: GasBundle, method: string, request: unknown): T {
  const reply = gas.rpc(method, request);
  if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** Calls by name of the second build (the first creates the sheets), and what it built. */
export function summaryBuildCalls(rows: number): { calls: Record<string, number>; built: BuildResult } {
  const gas = openGas();
  gasOk(gas, 'setupRegister', {});
  for (let i = 1; i <= 12; i++)
    gasOk(gas, 'createRecord', {
      table: 'Suppliers',
      values: { Name: `Supplier ${i}`, Email: `s${i}@s.example` },
    });
  seedPurchaseOrders(gas, rows);
  gasOk(gas, 'buildSummaries', {});
  gas.env.calls.reset();
  const built = gasOk<BuildResult>(gas, 'buildSummaries', {});
  return { calls: gas.env.calls.byName(), built };
}
