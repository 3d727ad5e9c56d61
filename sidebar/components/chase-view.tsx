/**
 * The Chase view: what goes out today and why, Run chases now (after a confirmation naming the
 * count), the records that wait and why, what went out, what is stuck (SENDING rows a person
 * resolves with mergeResolve), the paused records, and the daily schedule where the host has one.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChaseOverview, ChaseRunResult, ChaseScheduleStatus } from '../../src/service/chase';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { ChasePauseSwitch } from './chase-pause';
import { setChasedTables } from './chase-record';
import { stateText } from './record-correspondence';

export function ChaseView() {
  const { rpc, t } = useSidebar();
  const [plan, setPlan] = useState<ChaseOverview | null>(null);
  const [schedule, setSchedule] = useState<ChaseScheduleStatus | null>(null);
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChaseRunResult | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  const load = () => {
    setError('');
    rpc.call('chasePlan', {}).then(
      (p) => {
        setPlan(p);
        setChasedTables(p.rules.filter((r) => r.enabled).map((r) => r.table));
      },
      (err) => setError(errorPayloadOf(err).message),
    );
  };
  useEffect(() => {
    load();
    rpc.call('chaseScheduleStatus', {}).then(setSchedule, () => undefined);
  }, [rpc]);
  useLayoutEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      setResult(await rpc.call('chaseRun', {}));
      setConfirm(false);
      load();
    } catch (err) {
      setError(errorPayloadOf(err).message);
    } finally {
      setBusy(false);
    }
  };

  const setDaily = (enabled: boolean) =>
    rpc.call('chaseSchedule', { enabled }).then(setSchedule, (err) => setError(errorPayloadOf(err).message));

  if (!plan)
    return (
      <div class="chase-view">
        <p role={error ? 'alert' : 'status'} class={error ? 'status status-error' : 'help'}>
          {error || t.loading}
        </p>
      </div>
    );

  const n = plan.mails.length;
  const sending = plan.stuck.filter((s) => s.state === 'SENDING');
  return (
    <div class="chase-view">
      <section aria-labelledby="chase-today">
        <h2 id="chase-today">{t.chaseToday(plan.date)}</h2>
        {plan.running && <p class="status">{t.chaseBusy(plan.running.by)}</p>}
        {plan.problems.length > 0 && (
          <div class="merge-problems blocked">
            <p>{t.chaseProblems}</p>
            <ul>
              {plan.problems.map((p, i) => (
                <li key={i}>
                  <strong>{p.rule}</strong>
                  {p.field ? ` (${p.field})` : ''}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p id="chase-count">{n === 0 ? t.chaseNoMails : t.chaseMailsDue(n)}</p>
        {n > 0 && (
          <ul class="chase-mails">
            {plan.mails.map((m, i) => (
              <li key={`${m.ruleId}-${i}`} aria-labelledby={`chase-mail-${i}`}>
                <strong id={`chase-mail-${i}`}>{t.chaseStep(m.rule, m.step)}</strong>
                <span>{m.subject}</span>
                <span class="help">
                  {t.chaseTo}: {[...m.to, ...m.cc].join(', ')}
                </span>
                <span class="help">{m.why}</span>
                <ul class="chase-records" aria-label={t.chaseRecords}>
                  {m.records.map((id) => (
                    <li key={id}>
                      <span>{id}</span>
                      <ChasePauseSwitch
                        table={plan.rules.find((r) => r.id === m.ruleId)?.table ?? ''}
                        id={id}
                        paused={false}
                        label={t.chasePauseOf(id)}
                        onChange={load}
                      />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {(n > 0 || plan.queued.length > 0) && !confirm && (
          <div class="row-actions">
            <button type="button" class="primary" onClick={() => setConfirm(true)}>
              {t.chaseRun}
            </button>
            <button type="button" onClick={load}>
              {t.chaseRefresh}
            </button>
          </div>
        )}
        {confirm && (
          <div class="confirm" role="group" aria-labelledby="chase-confirm">
            <p id="chase-confirm">{t.chaseConfirm(n + plan.queued.length)}</p>
            <div class="row-actions">
              <button
                type="button"
                class="primary"
                aria-disabled={busy || undefined}
                aria-busy={busy || undefined}
                onClick={() => void run()}
              >
                {busy ? t.chaseRunning : t.chaseSend(n + plan.queued.length)}
              </button>
              <button type="button" onClick={() => !busy && setConfirm(false)}>
                {t.cancel}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p role="alert" class="status status-error">
            {error}
          </p>
        )}
      </section>

      {result && (
        <section class="merge-result" aria-labelledby="chase-result">
          <h3 id="chase-result" tabIndex={-1} ref={resultRef}>
            {t.chaseResult(result.sent, result.planned)}
          </h3>
          {result.failures.length > 0 && (
            <div class="status status-error">
              <p>{t.failedLine(result.failed)}</p>
              <ul>
                {result.failures.map((f) => (
                  <li key={f.key}>
                    <strong>{f.recordIds.join(', ') || f.key}</strong>: {f.error}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.stoppedBecause === 'quota' && (
            <p class="status status-error">{t.stoppedQuota(result.pending)}</p>
          )}
          {result.stoppedBecause === 'time' && (
            <p>{t.stoppedTime(result.pending, result.continuation === 'trigger')}</p>
          )}
          {!result.stoppedBecause && result.pending > 0 && <p>{t.chasePending(result.pending)}</p>}
          {result.withdrawn.length > 0 && (
            <div class="help">
              <p>{t.chaseWithdrawn}</p>
              <ul>
                {result.withdrawn.map((w) => (
                  <li key={w.key}>
                    {w.records.join(', ')}: {w.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}

      <details class="chase-list">
        <summary>{t.chaseWaiting(plan.skipped.length)}</summary>
        <ul>
          {plan.skipped.map((s, i) => (
            <li key={i}>
              <strong>{s.record}</strong> ({s.rule}): {s.reason}
            </li>
          ))}
        </ul>
      </details>

      <details class="chase-list">
        <summary>{t.chaseRecent(plan.recent.length)}</summary>
        {plan.recent.length === 0 ? (
          <p class="help">{t.chaseNone}</p>
        ) : (
          <ul>
            {plan.recent.map((r) => (
              <li key={r.key}>
                {r.when.slice(0, 16)} · <strong>{r.records.join(', ')}</strong> · {r.subject} · {r.to}
              </li>
            ))}
          </ul>
        )}
      </details>

      <details class="chase-list" open={plan.stuck.length > 0}>
        <summary>{t.chaseStuck(plan.stuck.length)}</summary>
        {plan.stuck.length === 0 ? (
          <p class="help">{t.chaseNone}</p>
        ) : (
          <>
            {sending.length > 0 && <p class="help">{t.chaseStuckIntro}</p>}
            <ul>
              {plan.stuck.map((s, i) => (
                <ChaseStuck key={s.key} i={i} entry={s} onResolved={load} />
              ))}
            </ul>
          </>
        )}
      </details>

      {plan.paused.length > 0 && (
        <details class="chase-list">
          <summary>{t.chasePausedTitle(plan.paused.length)}</summary>
          <ul>
            {plan.paused.map((p) => (
              <li key={`${p.table}/${p.id}`}>
                <span>
                  {p.id} {p.label}
                </span>{' '}
                <ChasePauseSwitch
                  table={p.table}
                  id={p.id}
                  paused
                  label={t.chasePauseOf(p.id)}
                  onChange={load}
                />
              </li>
            ))}
          </ul>
        </details>
      )}

      {schedule && (
        <section class="chase-schedule" aria-labelledby="chase-schedule">
          <h3 id="chase-schedule">{t.chaseSchedule}</h3>
          {schedule.supported ? (
            <>
              <label>
                <input
                  type="checkbox"
                  role="switch"
                  checked={schedule.enabled}
                  onChange={(e) => void setDaily((e.currentTarget as HTMLInputElement).checked)}
                />{' '}
                {t.chaseDaily}
              </label>
              {schedule.enabled && schedule.hour !== null && (
                <p class="help">{t.chaseScheduleAt(schedule.hour, schedule.timeZone)}</p>
              )}
              {schedule.owner && <p class="help">{t.chaseOwner(schedule.owner, schedule.mine)}</p>}
              {schedule.message && <p class="help">{schedule.message}</p>}
            </>
          ) : (
            <p class="help">{schedule.message}</p>
          )}
        </section>
      )}
    </div>
  );
}

function ChaseStuck({
  entry,
  i,
  onResolved,
}: {
  entry: ChaseOverview['stuck'][number];
  i: number;
  onResolved(): void;
}) {
  const { rpc, t } = useSidebar();
  const [error, setError] = useState('');
  const resolve = (state: 'SENT' | 'FAILED') =>
    rpc
      .call('mergeResolve', { key: entry.key, state })
      .then(onResolved, (err) => setError(errorPayloadOf(err).message));
  return (
    <li>
      <div role="group" aria-labelledby={`chase-stuck-${i}`}>
        <p id={`chase-stuck-${i}`}>
          <strong>{entry.records.join(', ')}</strong> · {entry.subject} · {stateText(entry.state, t)}
        </p>
        {entry.error && <p class="error">{entry.error}</p>}
        {entry.state === 'SENDING' && (
          <div class="row-actions">
            <button type="button" onClick={() => void resolve('SENT')}>
              {t.markSent}
            </button>
            <button type="button" onClick={() => void resolve('FAILED')}>
              {t.markFailed}
            </button>
          </div>
        )}
        {error && (
          <p role="alert" class="status status-error">
            {error}
          </p>
        )}
      </div>
    </li>
  );
}
