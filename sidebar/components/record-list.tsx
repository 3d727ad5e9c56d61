/**
 * Pick a table, find records by typing, open one. The table's whole list arrives once; every
 * keystroke filters it in memory and shows the first matches with a count, so the view stays small
 * and instant at 10,000 rows.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FieldDef } from '../../src/core/schema';
import { useSidebar } from '../context';
import { displayValue } from '../data/format';
import { findMatches, type IndexedRecord } from '../data/search';
import { useTableList, type TableInfo } from '../data/store';
import type { Messages } from '../i18n';
import { mark, measureSince } from '../timing';

/** Rows drawn at once: enough to scan, few enough to render in a frame. */
const SHOWN = 100;
const REMEMBERED_TABLE = 'backoffice-register.table';

function rememberedTable(tables: TableInfo[]): string | undefined {
  try {
    const name = sessionStorage.getItem(REMEMBERED_TABLE);
    if (name && tables.some((t) => t.name === name)) return name;
  } catch {
    // Storage can be blocked in a sandboxed iframe; the first table will do.
  }
  return tables[0]?.name;
}

function remember(table: string): void {
  try {
    sessionStorage.setItem(REMEMBERED_TABLE, table);
  } catch {
    // As above: remembering the table is a convenience only.
  }
}

/** A row's title is its display field; a few short values follow (long text and confidential stay out). */
function summarise(rec: IndexedRecord, table: TableInfo, t: Messages): { title: string; meta: string } {
  const r = rec.record;
  const display = table.fields.find((f) => f.name === table.displayField);
  const title = (display && displayValue(display, r.values[display.name], r.labels[display.name], t)) || r.id;
  const short = (f: FieldDef) => f !== display && f.type !== 'long text' && !f.confidential;
  const extras = table.fields
    .filter(short)
    .map((f) => displayValue(f, r.values[f.name], r.labels[f.name], t))
    .filter((v) => v !== '')
    .slice(0, 3);
  return { title, meta: [r.id, ...extras].join(' · ') };
}

export function RecordList() {
  const { schema, store, t, navigation, openRecord, newRecord } = useSidebar();
  const [table, setTable] = useState(() => rememberedTable(schema.tables));
  const info = table ? store.table(table) : undefined;
  const list = useTableList(store, table);
  const [query, setQueryState] = useState('');
  const setQuery = (next: string) => {
    setQueryState(next);
    if (table) store.rememberListQuery(table, next);
  };
  const [notice, setNotice] = useState('');
  const records = list?.status === 'ready' ? list.records : null;
  const found = useMemo(() => (records ? findMatches(records, query, SHOWN) : null), [records, query]);
  const resultsRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Timings for tests and DevTools: when the list first became usable, and how long a keystroke took.
  const typedAt = useRef(0);
  const markedReady = useRef(false);
  useLayoutEffect(() => {
    if (records && !markedReady.current) {
      markedReady.current = true;
      mark('sidebar:list-ready');
    }
    if (typedAt.current) {
      measureSince('sidebar:filter', typedAt.current);
      typedAt.current = 0;
    }
  }, [found]);

  const focusRow = (index: number) => {
    const rows = resultsRef.current?.querySelectorAll<HTMLButtonElement>('button.row');
    if (!rows || rows.length === 0) return;
    rows[Math.max(0, Math.min(rows.length - 1, index))]!.focus();
  };

  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusRow(0);
    } else if (e.key === 'Enter' && table && found?.matches[0]) {
      e.preventDefault();
      openRecord({ table, id: found.matches[0].record.id });
    }
  };

  const onRowsKey = (e: KeyboardEvent) => {
    const rows = [...(resultsRef.current?.querySelectorAll<HTMLButtonElement>('button.row') ?? [])];
    const at = rows.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (e.key === 'ArrowUp' && at === 0) searchRef.current?.focus();
      else focusRow(at + (e.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const openSelected = () => {
    if (!navigation) return;
    setNotice('');
    navigation.selectedRecord().then(
      (ref) => (ref ? openRecord(ref) : setNotice(t.noSelectedRecord)),
      () => setNotice(t.noSelectedRecord),
    );
  };

  return (
    <section class="list-view" aria-label={t.appName}>
      <div class="toolbar">
        <div class="grow">
          <label for="table-picker">{t.table}</label>
          <select
            id="table-picker"
            value={table}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setTable(next);
              setQuery('');
              remember(next);
            }}
          >
            {schema.tables.map((tb) => (
              <option key={tb.name} value={tb.name}>
                {tb.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="primary" disabled={!table} onClick={() => table && newRecord(table)}>
          {t.newRecord}
        </button>
      </div>
      {navigation && (
        <button type="button" class="link" onClick={openSelected}>
          {t.openSelectedRow}
        </button>
      )}
      <div class="search">
        <label for="record-search">{t.find}</label>
        <input
          id="record-search"
          ref={searchRef}
          type="search"
          autoComplete="off"
          spellcheck={false}
          placeholder={t.findPlaceholder}
          aria-controls="record-results"
          value={query}
          onInput={(e) => {
            typedAt.current = performance.now();
            setQuery(e.currentTarget.value);
          }}
          onKeyDown={onSearchKey}
        />
      </div>
      <p class="count" role="status" aria-live="polite">
        {notice ||
          (list?.status === 'failed'
            ? list.error.message
            : found
              ? t.listSummary(found.matches.length, found.total, records!.length, query.trim() !== '')
              : table
                ? t.loadingTable(table)
                : '')}
      </p>
      {list?.status === 'failed' && table && (
        <button type="button" onClick={() => store.load(table)}>
          {t.retry}
        </button>
      )}
      {found && info && (
        <ul id="record-results" class="results" ref={resultsRef} onKeyDown={onRowsKey} aria-label={info.name}>
          {found.matches.map((rec) => {
            const { title, meta } = summarise(rec, info, t);
            return (
              <li key={rec.record.id}>
                <button
                  type="button"
                  class="row"
                  onClick={() => openRecord({ table: info.name, id: rec.record.id })}
                >
                  <span class="row-title">{title}</span>
                  <span class="row-meta">{meta}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
