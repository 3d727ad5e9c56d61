/**
 * What a send would do, from the preview: mails and recipients against today's quota, mails sent
 * before (left out unless the person asks, and confirms, to send them again), a merge running now,
 * and the problems per record, each record one click from its form, with the choice to leave
 * those records out.
 */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MergePreviewResult } from '../../src/service/merge';
import { useSidebar } from '../context';
import type { Flags } from './merge-view';

/** Problems listed at once: a template-wide problem repeats on every row, so a few say enough. */
const SHOWN_PROBLEMS = 20;
/** Record IDs shown per problem before "+N more". */
const SHOWN_IDS = 3;

interface MergeOutlookProps {
  headingRef: Ref<HTMLHeadingElement>;
  result: MergePreviewResult;
  flags: Flags;
  table: string;
  busy: boolean;
  onFlags(flags: Flags): void;
}

export function MergeOutlook({ headingRef, result, flags, table, busy, onFlags }: MergeOutlookProps) {
  const { t } = useSidebar();
  const q = result.quota;
  const unlimited = q.remainingQuota >= Number.MAX_SAFE_INTEGER;
  return (
    <section class="merge-outlook" aria-labelledby="merge-outlook-title">
      <h3 id="merge-outlook-title" tabIndex={-1} ref={headingRef}>
        {t.mailsLine(result.toSend, result.recipients)}
      </h3>
      {result.mails !== result.toSend && <p class="help">{t.inSelection(result.mails)}</p>}
      <p id="merge-quota">
        {unlimited
          ? t.noQuota
          : t.quotaLine(q.recipients, q.remainingQuota, q.fitsAll, q.mailsThatFit, result.toSend)}
      </p>
      {!unlimited && q.remainingQuota > 0 && (
        <meter
          class="quota-meter"
          min={0}
          max={q.remainingQuota}
          value={Math.min(q.recipients, q.remainingQuota)}
          high={q.remainingQuota * 0.9}
          aria-labelledby="merge-quota"
        />
      )}
      {result.running && (
        <p class={result.running.stale ? 'help' : 'status status-error'}>
          {t.runningLine(
            result.running.template,
            result.running.by,
            result.running.since,
            result.running.stale,
          )}
        </p>
      )}
      <Resend result={result} flags={flags} busy={busy} onFlags={onFlags} />
      {result.problems.length > 0 && (
        <Problems result={result} flags={flags} table={table} busy={busy} onFlags={onFlags} />
      )}
    </section>
  );
}

/** Sent before: left out, or (asked for and confirmed) sent again. */
function Resend({ result, flags, busy, onFlags }: Omit<MergeOutlookProps, 'headingRef' | 'table'>) {
  const { t } = useSidebar();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useLayoutEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (asked.current) askRef.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  if (flags.resend)
    return (
      <p class="merge-resend">
        {t.resendOn}{' '}
        <button
          type="button"
          class="link"
          disabled={busy}
          onClick={() => onFlags({ ...flags, resend: false })}
        >
          {t.resendOff}
        </button>
      </p>
    );
  if (result.alreadySent === 0) return null;
  return (
    <div class="merge-resend">
      <p>{result.toSend === 0 ? t.nothingNew(result.alreadySent) : t.alreadySentLine(result.alreadySent)}</p>
      {confirming ? (
        <div
          class="confirm"
          role="group"
          aria-labelledby="merge-resend-question"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              setConfirming(false);
            }
          }}
        >
          <p id="merge-resend-question">{t.resendQuestion(result.alreadySent)}</p>
          <button
            type="button"
            class="danger"
            ref={confirmRef}
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              asked.current = false;
              onFlags({ ...flags, resend: true });
            }}
          >
            {t.resendConfirm}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <button type="button" ref={askRef} disabled={busy} onClick={() => setConfirming(true)}>
          {t.sendAgain}
        </button>
      )}
    </div>
  );
}

function Problems({ result, flags, table, onFlags }: Omit<MergeOutlookProps, 'headingRef'>) {
  const { t, openRecord } = useSidebar();
  const ids = result.problemRecordIds;
  const shown = result.problems.slice(0, SHOWN_PROBLEMS);
  return (
    <div class={`merge-problems${result.blocked ? ' blocked' : ''}`}>
      <h4 id="merge-problems-title">{t.problemsTitle(ids.length || result.problems.length)}</h4>
      <p class="help">{t.problemsIntro}</p>
      <ul aria-labelledby="merge-problems-title">
        {shown.map((p, i) => (
          <li key={i}>
            <span class="problem-ids">
              {p.recordIds.slice(0, SHOWN_IDS).map((id) => (
                <button
                  key={id}
                  type="button"
                  class="link"
                  title={t.openReference(id)}
                  onClick={() => table && openRecord({ table, id })}
                >
                  {id}
                </button>
              ))}
              {p.recordIds.length > SHOWN_IDS && <span>{t.moreRecords(p.recordIds.length - SHOWN_IDS)}</span>}
            </span>{' '}
            <strong>{p.field}</strong> {p.message}
          </li>
        ))}
      </ul>
      {result.problems.length > shown.length && (
        <p class="help">{t.moreProblems(result.problems.length - shown.length)}</p>
      )}
      {ids.length > 0 && (
        <label class="check">
          <input
            type="checkbox"
            checked={flags.excludeProblemRows}
            onChange={(e) => onFlags({ ...flags, excludeProblemRows: e.currentTarget.checked })}
          />
          {t.excludeProblems(ids.length)}
        </label>
      )}
    </div>
  );
}
