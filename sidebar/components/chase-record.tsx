/**
 * A record's chases in its form: where each stands today and the "pause chasing" switch. Like the
 * correspondence section it loads when opened, so opening a record stays one round trip.
 */
import { useSidebar } from '../context';
import { ChasePauseSwitch } from './chase-pause';
import { LazyDetails } from './lazy-details';
import { stateText } from './record-correspondence';

/** Tables known to be chased, once the Chase view has read the rules (null: not known yet). */
export let chasedTables: ReadonlySet<string> | null = null;
export function setChasedTables(tables: string[]): void {
  chasedTables = new Set(tables);
}

export function ChaseRecord({ table, id }: { table: string; id: string }) {
  const { rpc, t } = useSidebar();
  if (chasedTables && !chasedTables.has(table)) return null;
  return (
    <LazyDetails
      summary={t.chasing}
      load={() => rpc.call('chaseRecord', { table, id })}
      render={(res) =>
        res.chases.length === 0 ? (
          <p class="help">{t.chaseNotChased}</p>
        ) : (
          <>
            <ul class="mail-log">
              {res.chases.map((c) => (
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
            <ChasePauseSwitch table={table} id={id} paused={res.paused} />
          </>
        )
      }
    />
  );
}
