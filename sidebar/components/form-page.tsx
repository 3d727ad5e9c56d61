/** A form on the view stack: a new record straight away, an existing one after one getRecord. */
import { useEffect, useState } from 'preact/hooks';
import type { ErrorPayload } from '../../src/core/errors';
import type { RecordOut } from '../../src/core/records';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { RecordForm } from './record-form';

export interface FormPageProps {
  table: string;
  /** Absent for a new record. */
  id?: string;
}

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; record: RecordOut | null }
  | { status: 'failed'; error: ErrorPayload };

export function FormPage({ table, id }: FormPageProps) {
  const { rpc, store, t, closeTop } = useSidebar();
  const info = store.table(table);
  const [loaded, setLoaded] = useState<Loaded>(
    id ? { status: 'loading' } : { status: 'ready', record: null },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!id) return;
    let live = true;
    // Read fresh rather than reuse the list's copy: the form needs the current version (for conflict
    // detection) and the confidential fields that lists leave out.
    rpc.call('getRecord', { table, id }).then(
      (record) => live && setLoaded({ status: 'ready', record }),
      (err) => live && setLoaded({ status: 'failed', error: errorPayloadOf(err) }),
    );
    return () => {
      live = false;
    };
  }, [rpc, table, id, attempt]);

  if (!info) return <p role="alert">{table}</p>;
  if (loaded.status === 'ready') return <RecordForm table={info} record={loaded.record} />;
  return (
    <section class="form-loading" aria-busy={loaded.status === 'loading'}>
      <header class="form-head">
        <button type="button" class="icon" aria-label={t.back} title={t.back} onClick={closeTop}>
          <span aria-hidden="true">‹</span>
        </button>
        <div class="titles">
          <h2>{id}</h2>
          <p class="subtitle">{table}</p>
        </div>
      </header>
      {loaded.status === 'loading' ? (
        <p role="status">{t.loading}</p>
      ) : (
        <>
          <p role="alert" class="status status-error">
            {loaded.error.message}
          </p>
          <div class="actions">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setLoaded({ status: 'loading' });
                setAttempt(attempt + 1);
              }}
            >
              {t.retry}
            </button>
            <button type="button" onClick={closeTop}>
              {t.back}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
