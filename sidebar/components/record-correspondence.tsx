/**
 * The mail a record was part of (merges and chases), most recent first, as a compact section of its
 * form. It loads when opened, not with the form: opening a record stays one round trip, and the
 * Correspondence sheet is read only by someone who wants to see it.
 */
import { useState } from 'preact/hooks';
import type { CorrespondenceRow } from '../../src/core/merge/correspondence';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import type { Messages } from '../i18n';

type Loaded =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; rows: CorrespondenceRow[] }
  | { status: 'failed'; message: string };

export function stateText(state: string, t: Messages): string {
  const names: Record<string, string> = {
    SENT: t.stateSent,
    FAILED: t.stateFailed,
    PENDING: t.statePending,
    SENDING: t.stateSending,
  };
  return names[state] ?? state;
}

export function RecordCorrespondence({ id }: { id: string }) {
  const { rpc, t } = useSidebar();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'idle' });

  const load = () => {
    setLoaded({ status: 'loading' });
    rpc.call('recordCorrespondence', { id }).then(
      (res) => setLoaded({ status: 'ready', rows: res.rows }),
      (err) => setLoaded({ status: 'failed', message: errorPayloadOf(err).message }),
    );
  };

  return (
    <details
      class="record-mail"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && loaded.status !== 'loading') load();
      }}
    >
      <summary>{t.correspondence}</summary>
      <div aria-live="polite">
        {loaded.status === 'loading' && <p class="help">{t.loading}</p>}
        {loaded.status === 'failed' && <p class="error">{loaded.message}</p>}
        {loaded.status === 'ready' &&
          (loaded.rows.length === 0 ? (
            <p class="help">{t.noCorrespondence}</p>
          ) : (
            <ul class="mail-log">
              {loaded.rows.map((row) => (
                <li key={row.key || `${row.when}${row.subject}`}>
                  <span class="mail-log-head">
                    <span>{row.when.slice(0, 16)}</span>
                    <span class={`state state-${row.state.toLowerCase()}`}>{stateText(row.state, t)}</span>
                  </span>
                  <span class="mail-log-subject">{row.subject}</span>
                  <span class="help">
                    {row.template}
                    {row.to ? ` · ${row.to}` : ''}
                  </span>
                  {row.error && row.state !== 'SENT' && <span class="error">{row.error}</span>}
                </li>
              ))}
            </ul>
          ))}
      </div>
    </details>
  );
}
