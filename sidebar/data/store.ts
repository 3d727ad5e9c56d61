/**
 * Each table's records, loaded once per table with one `listRecords` (no limit) and kept in memory:
 * finding is then instant and a reference picker over the same table costs nothing more. Saves
 * update the cache in place instead of reloading the table.
 */
import { useEffect, useReducer } from 'preact/hooks';
import type { ErrorPayload } from '../../src/core/errors';
import type { RecordOut } from '../../src/core/records';
import type { Rpc } from '../../src/service/rpc-contract';
import type { SchemaInfo } from '../../src/service/register';
import { errorPayloadOf } from '../bridges/rpc-error';
import type { Messages } from '../i18n';
import { indexRecord, type IndexedRecord } from './search';

export type TableInfo = SchemaInfo['tables'][number];

export type ListState =
  | { status: 'loading' }
  | { status: 'ready'; records: IndexedRecord[] }
  | { status: 'failed'; error: ErrorPayload };

export class RecordStore {
  private readonly lists = new Map<string, ListState>();
  private readonly listeners = new Set<() => void>();
  private readonly byId = new WeakMap<ListState, Map<string, IndexedRecord>>();
  /** What the list view last searched per table: the mail merge offers it as its selection. */
  private readonly queries = new Map<string, string>();

  constructor(
    private readonly rpc: Rpc,
    private readonly schema: SchemaInfo,
    private readonly t: Messages,
  ) {}

  table(name: string): TableInfo | undefined {
    return this.schema.tables.find((t) => t.name === name);
  }

  state(table: string): ListState | undefined {
    return this.lists.get(table);
  }

  /** Load a table's list unless it is loaded or on its way (a failed load is retried). */
  load(table: string): void {
    const current = this.lists.get(table);
    if (current && current.status !== 'failed') return;
    const info = this.table(table);
    if (!info) return;
    this.set(table, { status: 'loading' });
    this.rpc.call('listRecords', { table }).then(
      (result) => {
        // Latest first: the record someone just added is the one they look for next.
        const records = result.records.map((r) => indexRecord(r, info.fields, this.t)).reverse();
        this.set(table, { status: 'ready', records });
      },
      (err) => this.set(table, { status: 'failed', error: errorPayloadOf(err) }),
    );
  }

  /** The display text of a record, when its table's list is loaded. */
  labelOf(table: string, id: string): string | undefined {
    const state = this.lists.get(table);
    const info = this.table(table);
    if (state?.status !== 'ready' || !info) return undefined;
    let byId = this.byId.get(state);
    if (!byId) this.byId.set(state, (byId = new Map(state.records.map((r) => [r.record.id, r]))));
    const rec = byId.get(id)?.record;
    if (!rec) return undefined;
    const value = rec.values[info.displayField];
    return rec.labels[info.displayField] || (value === null || value === undefined || value === '' ? rec.id : String(value));
  }

  /** Put a saved record into its table's list; confidential values never enter a list. */
  upsert(saved: RecordOut): void {
    const info = this.table(saved.table);
    const state = this.lists.get(saved.table);
    if (!info || state?.status !== 'ready') return;
    const values = { ...saved.values };
    for (const f of info.fields) if (f.confidential) delete values[f.name];
    const entry = indexRecord({ ...saved, values }, info.fields, this.t);
    const at = state.records.findIndex((r) => r.record.id === saved.id);
    const records = at < 0 ? [entry, ...state.records] : state.records.map((r, i) => (i === at ? entry : r));
    this.set(saved.table, { status: 'ready', records });
  }

  /** The records list's search for a table ('' when it shows them all). */
  listQuery(table: string): string {
    return this.queries.get(table) ?? '';
  }

  rememberListQuery(table: string, query: string): void {
    this.queries.set(table, query);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(table: string, state: ListState): void {
    this.lists.set(table, state);
    for (const l of this.listeners) l();
  }
}

/** A table's list state, loading it on first use and re-rendering when it changes. */
export function useTableList(store: RecordStore, table: string | undefined, load = true): ListState | undefined {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => store.subscribe(() => rerender(undefined)), [store]);
  useEffect(() => {
    if (table && load) store.load(table);
  }, [store, table, load]);
  return table ? store.state(table) : undefined;
}
