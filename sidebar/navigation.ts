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

/** The sidebar's top-level views, in tab order. A new view joins here and in views.tsx. */
export const TOP_VIEWS = ['records', 'merge', 'summaries', 'chase'] as const;
export type TopView = (typeof TOP_VIEWS)[number];

export type StartView = 'list' | 'new' | 'record' | TopView;

/**
 * What the host asked the sidebar to show first: the Apps Script menu's "New record" and the
 * workbench's button set `data-view="new"` (and optionally `data-table`) on <html>, "Mail merge"
 * sets `data-view="merge"`; or the page carries `?view=new&table=...`.
 */
export function startView(): { view: StartView; table?: string; id?: string } {
  const data = document.documentElement.dataset;
  const params = new URLSearchParams(window.location.search);
  const view = data.view ?? params.get('view') ?? 'list';
  const table = data.table ?? params.get('table') ?? undefined;
  const id = data.id ?? params.get('id') ?? undefined;
  const known: readonly string[] = ['new', 'record', ...TOP_VIEWS];
  return {
    view: known.includes(view) ? (view as StartView) : 'list',
    ...(table ? { table } : {}),
    ...(id ? { id } : {}),
  };
}

/** The tab a start view belongs to: a record or a new form opens over Records. */
export function startTab(view: StartView): TopView {
  return (TOP_VIEWS as readonly string[]).includes(view) ? (view as TopView) : 'records';
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
