/**
 * The sidebar: the schema is read once (one round trip), then the list view with forms stacked on
 * top of it. Views below the top stay mounted but hidden, so going back finds the list (or a form
 * that jumped to a referenced record) exactly as it was left, typing included.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorPayload } from '../src/core/errors';
import type { Rpc } from '../src/service/rpc-contract';
import type { SchemaInfo } from '../src/service/register';
import { errorPayloadOf } from './bridges/rpc-error';
import { FormPage } from './components/form-page';
import { RecordList } from './components/record-list';
import { Sidebar, type SidebarContext } from './context';
import { RecordStore } from './data/store';
import type { Messages } from './i18n';
import { rpcNavigation, startView, type SheetNavigation } from './navigation';

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

  // Open the view the host asked for (menu "New record"), once, when the schema is in.
  const started = useRef(false);
  useEffect(() => {
    if (!context || started.current) return;
    started.current = true;
    const start = startView();
    if (start.view === 'record' && start.table && start.id) {
      context.openRecord({ table: start.table, id: start.id });
      return;
    }
    if (start.view !== 'new') return;
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
          <RecordList />
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
