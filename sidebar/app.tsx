/**
 * The sidebar: the schema is read once (one round trip), then the top-level views (Records, Mail
 * merge, Summaries) under a tab bar, with record forms stacked on top of them. A view is mounted
 * the first time it is shown (so opening the sidebar on the list costs no merge or report reads)
 * and stays mounted but hidden after, as do the views below the top form: going back finds the
 * list, a merge preview or a form that jumped to a referenced record exactly as it was left.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorPayload } from '../src/core/errors';
import type { Rpc } from '../src/service/rpc-contract';
import type { SchemaInfo } from '../src/service/register';
import { errorPayloadOf } from './bridges/rpc-error';
import { FormPage } from './components/form-page';
import { panelId, tabId, ViewTabs } from './components/view-tabs';
import { Sidebar, type SidebarContext } from './context';
import { RecordStore } from './data/store';
import type { Messages } from './i18n';
import { rpcNavigation, startTab, startView, type SheetNavigation, type TopView } from './navigation';
import { VIEWS } from './views';

interface AppProps {
  rpc: Rpc;
  t: Messages;
  navigation: SheetNavigation | undefined;
}

interface StackedForm {
  key: number;
  table: string;
  id?: string;
  /** Where focus was when the form opened, to return it there on close. */
  opener: HTMLElement | null;
}

export function App({ rpc, t, navigation: hostNavigation }: AppProps) {
  const [schema, setSchema] = useState<SchemaInfo | null>(null);
  const [failure, setFailure] = useState<ErrorPayload | null>(null);
  const [stack, setStack] = useState<StackedForm[]>([]);
  const nextKey = useRef(1);
  const returnFocus = useRef<HTMLElement | null>(null);
  const start = useMemo(startView, []);
  const [tab, setTab] = useState<TopView>(() => startTab(start.view));
  const [visited, setVisited] = useState<ReadonlySet<TopView>>(() => new Set([tab]));
  const showTab = (view: TopView) => {
    setTab(view);
    setVisited((v) => (v.has(view) ? v : new Set([...v, view])));
  };

  const loadSchema = () => {
    setFailure(null);
    rpc.call('schema', {}).then(setSchema, (err) => setFailure(errorPayloadOf(err)));
  };
  useEffect(loadSchema, [rpc]);

  // Layout effect: focus lands back before the next key press can go anywhere else.
  useLayoutEffect(() => {
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target?.isConnected) target.focus();
    else if (target) document.getElementById('record-search')?.focus();
  }, [stack]);

  const store = useMemo(() => (schema ? new RecordStore(rpc, schema, t) : null), [rpc, schema, t]);
  // A host that navigates over RPC says so in the schema; the workbench hands its own object in.
  const navigation = useMemo(
    () => hostNavigation ?? (schema?.capabilities?.includes('navigation') ? rpcNavigation(rpc) : undefined),
    [hostNavigation, schema, rpc],
  );

  const context = useMemo<SidebarContext | null>(() => {
    if (!schema || !store) return null;
    const push = (table: string, id?: string) => {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const key = nextKey.current++;
      setStack((s) => [...s, id ? { key, table, id, opener } : { key, table, opener }]);
    };
    return {
      rpc,
      schema,
      store,
      t,
      navigation,
      openRecord: (ref) => push(ref.table, ref.id),
      newRecord: (table) => push(table),
      closeTop: () =>
        setStack((s) => {
          returnFocus.current = s[s.length - 1]?.opener ?? null;
          return s.slice(0, -1);
        }),
    };
  }, [rpc, schema, store, t, navigation]);

  // Open the view the host asked for (menu "New record", "Mail merge"), once, when the schema is in.
  const started = useRef(false);
  useEffect(() => {
    if (!context || started.current) return;
    started.current = true;
    if (start.view === 'record' && start.table && start.id) {
      context.openRecord({ table: start.table, id: start.id });
      return;
    }
    if (start.view !== 'new') {
      // Keyboard users start at the view's tab: the next Tab reaches the view's first control.
      document.getElementById(tabId(tab))?.focus();
      return;
    }
    const wanted = start.table?.toLowerCase();
    const table =
      context.schema.tables.find((x) => x.name.toLowerCase() === wanted) ?? context.schema.tables[0];
    if (table) context.newRecord(table.name);
  }, [context]);

  if (!context) {
    return (
      <main class="boot">
        <p role={failure ? 'alert' : 'status'}>
          {failure ? `${t.loadFailed} ${failure.message}` : t.loading}
        </p>
        {failure && (
          <button type="button" class="primary" onClick={loadSchema}>
            {t.retry}
          </button>
        )}
      </main>
    );
  }

  return (
    <Sidebar.Provider value={context}>
      <main>
        <div hidden={stack.length > 0}>
          <ViewTabs
            label={t.viewsLabel}
            tabs={VIEWS.map((v) => ({ view: v.view, label: v.label(t) }))}
            current={tab}
            onSelect={showTab}
          />
          {VIEWS.map((v) => (
            // Every panel exists (the tabs point at it); its content arrives when first shown.
            <div
              key={v.view}
              id={panelId(v.view)}
              role="tabpanel"
              aria-labelledby={tabId(v.view)}
              hidden={v.view !== tab}
            >
              {visited.has(v.view) && v.render()}
            </div>
          ))}
        </div>
        {stack.map((view, i) => (
          <div key={view.key} hidden={i !== stack.length - 1}>
            <FormPage table={view.table} id={view.id} />
          </div>
        ))}
      </main>
    </Sidebar.Provider>
  );
}
