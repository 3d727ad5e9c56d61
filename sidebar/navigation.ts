/**
 * Optional host capability: moving between the sidebar and the sheet ("Go to row", "Open the record
 * of the selected row"). No host implements it over RPC yet, so the sidebar shows those buttons only
 * when a host supplies this object (window.backofficeSheet); once `selectRecord` and
 * `selectedRecord` join RpcContract, a bridge can build it from the Rpc.
 */
import type { Rpc } from '../src/service/rpc-contract';

export interface RecordRef {
  table: string;
  id: string;
}

export interface SheetNavigation {
  /** Select the record's row in its sheet (and activate that sheet). */
  selectRecord(ref: RecordRef): Promise<void>;
  /** The record whose row holds the sheet's active cell, or null when it is not in a register table. */
  selectedRecord(): Promise<RecordRef | null>;
}

/**
 * What the host asked the sidebar to show first: the Apps Script menu's "New record" and the
 * workbench's button set `data-view="new"` (and optionally `data-table`) on <html>, or the page
 * carries `?view=new&table=...`.
 */
export function startView(): { view: 'list' | 'new' | 'record'; table?: string; id?: string } {
  const data = document.documentElement.dataset;
  const params = new URLSearchParams(window.location.search);
  const view = data.view ?? params.get('view') ?? 'list';
  const table = data.table ?? params.get('table') ?? undefined;
  const id = data.id ?? params.get('id') ?? undefined;
  return {
    view: view === 'new' || view === 'record' ? view : 'list',
    ...(table ? { table } : {}),
    ...(id ? { id } : {}),
  };
}

/** Navigation over RPC, for hosts whose schema lists the 'navigation' capability (Sheets, Excel). */
export function rpcNavigation(rpc: Rpc): SheetNavigation {
  return {
    selectRecord: async (ref) => {
      await rpc.call('selectRecord', ref);
    },
    selectedRecord: () => rpc.call('selectedRecord', {}),
  };
}
