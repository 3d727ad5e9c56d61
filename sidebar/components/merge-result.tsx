/**
 * After a send: what went, what failed and why, what waits (quota or time) with Continue, and the
 * mails an interrupted run left in SENDING. Those are never resent by themselves: a person looks in
 * the Sent folder and says, mail by mail, whether it left (SENT) or not (FAILED, so a later merge
 * sends it).
 */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MergeSendResult } from '../../src/service/merge';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';

interface MergeResultProps {
  headingRef: Ref<HTMLHeadingElement>;
  result: MergeSendResult;
  busy: boolean;
  onContinue(): void;
  onPreviewAgain(): void;
}

export function MergeResult({ headingRef, result: r, busy, onContinue, onPreviewAgain }: MergeResultProps) {
  const { t } = useSidebar();
  const nothing = r.planned === 0 && r.failed === 0;
  return (
    <section class="merge-result" aria-labelledby="merge-result-title">
      <h3 id="merge-result-title" tabIndex={-1} ref={headingRef}>
        {nothing ? t.nothingSent : t.sentLine(r.sent, r.planned)}
      </h3>
      {nothing && r.alreadySent > 0 && <p>{t.nothingNew(r.alreadySent)}</p>}
      {r.failures.length > 0 && (
        <div class="status status-error">
          <p>{t.failedLine(r.failed)}</p>
          <ul>
            {r.failures.map((f) => (
              <li key={f.key}>
                <strong>{f.recordIds.join(', ') || f.key}</strong>: {f.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.stoppedBecause === 'quota' && <p class="status status-error">{t.stoppedQuota(r.pending)}</p>}
      {r.stoppedBecause === 'time' && <p>{t.stoppedTime(r.pending, r.continuation === 'trigger')}</p>}
      {r.stoppedBecause === 'taken-over' && <p>{t.stoppedTakenOver}</p>}
      {!r.stoppedBecause && r.pending > 0 && <p>{t.pendingOther(r.pending)}</p>}
      {r.excluded.length > 0 && <p class="help">{t.excludedLine(r.excluded)}</p>}
      {r.changed.length > 0 && <p class="help">{t.changedLine(r.changed.length)}</p>}
      <div class="row-actions">
        {r.pending > 0 && r.continuation !== 'trigger' && (
          // Busy, not disabled: the pressed button keeps focus until the result takes it.
          <button
            type="button"
            class="primary"
            aria-disabled={busy || undefined}
            aria-busy={busy || undefined}
            onClick={() => !busy && onContinue()}
          >
            {busy ? t.continuing : t.continueSend(r.pending)}
          </button>
        )}
        <button type="button" aria-disabled={busy || undefined} onClick={() => !busy && onPreviewAgain()}>
          {t.previewAgain}
        </button>
      </div>
    </section>
  );
}

type Resolution = 'SENT' | 'FAILED';

export function StuckReview({ keys }: { keys: string[] }) {
  const { rpc, t } = useSidebar();
  const [resolved, setResolved] = useState<ReadonlyMap<string, Resolution>>(() => new Map());
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  // The two buttons go once a mail is resolved: focus its new line, not the page.
  useLayoutEffect(() => {
    if (!focusKey) return;
    const at = keys.indexOf(focusKey);
    listRef.current?.querySelector<HTMLElement>(`[data-stuck="${at}"]`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const resolve = async (key: string, state: Resolution) => {
    if (working) return;
    setWorking(key);
    setError('');
    try {
      await rpc.call('mergeResolve', { key, state });
      setResolved((m) => new Map([...m, [key, state]]));
      setFocusKey(key);
    } catch (err) {
      setError(errorPayloadOf(err).message);
    } finally {
      setWorking(null);
    }
  };

  return (
    <section class="merge-stuck" aria-labelledby="merge-stuck-title">
      <h3 id="merge-stuck-title">{t.stuckTitle(keys.length)}</h3>
      <p class="help">{t.stuckIntro}</p>
      <ul ref={listRef}>
        {keys.map((key, i) => {
          const done = resolved.get(key);
          return (
            <li key={key}>
              <div role="group" aria-labelledby={`stuck-key-${i}`}>
                <p id={`stuck-key-${i}`} class="stuck-key">
                  {key}
                </p>
                {done ? (
                  <p class="help" tabIndex={-1} data-stuck={i}>
                    {t.resolvedAs(done === 'SENT')}
                  </p>
                ) : (
                  <div class="row-actions">
                    <button type="button" onClick={() => resolve(key, 'SENT')}>
                      {t.markSent}
                    </button>
                    <button type="button" onClick={() => resolve(key, 'FAILED')}>
                      {t.markFailed}
                    </button>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" class="status status-error">
          {error}
        </p>
      )}
    </section>
  );
}
