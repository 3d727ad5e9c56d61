/**
 * The mail a record was part of (merges and chases), most recent first, as a compact section of its
 * form. It loads when opened, not with the form: opening a record stays one round trip, and the
 * Correspondence sheet is read only by someone who wants to see it.
 */
import { useSidebar } from '../context';
import type { Messages } from '../i18n';
import { LazyDetails } from './lazy-details';

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
  return (
    <LazyDetails
      summary={t.correspondence}
      load={() => rpc.call('recordCorrespondence', { id }).then((res) => res.rows)}
      render={(rows) =>
        rows.length === 0 ? (
          <p class="help">{t.noCorrespondence}</p>
        ) : (
          <ul class="mail-log">
            {rows.map((row) => (
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
        )
      }
    />
  );
}
