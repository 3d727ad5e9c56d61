/**
 * A record's chases in its form: where each stands today and the "pause chasing" switch. Like the
 * correspondence section it loads when opened, so opening a record stays one round trip.
 */
import { useState } from 'preact/hooks';
import type { ChaseRecordResult } from '../../src/service/chase';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { ChasePauseSwitch } from './chase-pause';
import { stateText } from './record-correspondence';

/** Tables known to be chased, once the Chase view has read the rules (null: not known yet). */
export let chasedTables: ReadonlySet<string> | null = null;
export function setChasedTables(tables: string[]): void {
  chasedTables = new Set(tables);
}

type Loaded =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; res: ChaseRecordResult }
  | { status: 'failed'; message: string };

export function ChaseRecord({ table, id }: { table: string; id: string }) {
  const { rpc, t } = useSidebar();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'idle' });
  if (chasedTables && !chasedTables.has(table)) return null;

  const load = () => {
    setLoaded({ status: 'loading' });
    rpc.call('chaseRecord', { table, id }).then(
      (res) => setLoaded({ status: 'ready', res }),
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
      <summary>{t.chasing}</summary>
      <div aria-live="polite">
        {loaded.status === 'loading' && <p class="help">{t.loading}</p>}
        {loaded.status === 'failed' && <p class="error">{loaded.message}</p>}
        {loaded.status === 'ready' &&
          (loaded.res.chases.length === 0 ? (
            <p class="help">{t.chaseNotChased}</p>
          ) : (
            <>
              <ul class="mail-log">
                {loaded.res.chases.map((c) => (
                  <li key={c.ruleId}>
                    <strong>{c.rule}</strong>
                    <span class="help">{c.today}</span>
                    {c.attempt && (
                      <span class={c.attempt.error ? 'error' : 'help'}>
                        {t.chaseStep(c.attempt.on, c.attempt.step)}: {stateText(c.attempt.state, t)}
                        {c.attempt.error ? ` · ${c.attempt.error}` : ''}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              <ChasePauseSwitch table={table} id={id} paused={loaded.res.paused} />
            </>
          ))}
      </div>
    </details>
  );
}
