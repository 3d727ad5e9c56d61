/**
 * Mail merge: pick a template and its records, preview (counts, quota, problems per row, any mail
 * as it will arrive), send a test to yourself, then send. The server decides everything (which
 * mails are owed, sent before, held); this view shows it and asks. A send carries the preview's
 * token, so what goes out is exactly what was previewed, or nothing.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorPayload } from '../../src/core/errors';
import type {
  MailPreview,
  MergePreviewResult,
  MergeSelectionRequest,
  MergeSendResult,
} from '../../src/service/merge';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { resolveSelection, tableNamed, TEMPLATES, templatesOf, type Selection } from '../data/merge';
import { useTableList } from '../data/store';
import { MailPreviewPane } from './mail-preview';
import { MergeOutlook } from './merge-outlook';
import { MergeResult, StuckReview } from './merge-result';
import { MergeSelection } from './merge-selection';
import { useSendProgress } from './merge-progress';

/** Mails fetched per preview page: the first page comes with the counts, later ones on demand. */
const PAGE = 10;

export interface Flags {
  resend: boolean;
  excludeProblemRows: boolean;
}

interface Previewed {
  request: MergeSelectionRequest & Flags;
  result: MergePreviewResult;
  /** Mails seen so far, by their index in the selection's mails. */
  mails: Map<number, MailPreview>;
}

type Busy = 'preview' | 'mail' | 'test' | 'send' | null;
type Notice = { kind: 'info' | 'error'; text: string; details?: string[] } | null;

export function MergeView() {
  const { rpc, schema, store, t } = useSidebar();
  const templatesTable = tableNamed(schema, TEMPLATES);
  const templateList = useTableList(store, templatesTable?.name);
  const templates = useMemo(() => templatesOf(schema, templateList), [schema, templateList]);
  const [templateName, setTemplateName] = useState('');
  const template = templates.find((x) => x.name === templateName) ?? templates[0];
  const recordList = useTableList(store, template?.table || undefined);
  const records = recordList?.status === 'ready' ? recordList.records : null;
  const [selection, setSelection] = useState<Selection>({ mode: 'all' });
  const resolved = useMemo(
    () => (template ? resolveSelection(template.name, selection, records) : null),
    [template, selection, records],
  );

  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [at, setAt] = useState(0);
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [result, setResult] = useState<MergeSendResult | null>(null);
  const progress = useSendProgress();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const outlookRef = useRef<HTMLHeadingElement>(null);

  // The list's search for the template's table is the natural selection: offer it on every new template.
  const lastTemplate = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!template || lastTemplate.current === template.name) return;
    lastTemplate.current = template.name;
    const query = template.table ? store.listQuery(template.table) : '';
    setSelection(query.trim() ? { mode: 'matching', query } : { mode: 'all' });
  }, [template]);

  /** Anything that changes what would be sent makes the preview (and its token) stale: drop it. */
  const reset = () => {
    setPreviewed(null);
    setResult(null);
    setNotice(null);
    setAt(0);
  };

  const fail = (err: unknown) => {
    const error: ErrorPayload = errorPayloadOf(err);
    setNotice({
      kind: 'error',
      text: error.message,
      details: error.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)),
    });
  };

  // After the person changed what the preview covers (leave out, send again), focus goes to the new
  // figures: the control they used may be gone, and the heading says what changed.
  const focusOutlook = useRef(false);
  useLayoutEffect(() => {
    if (!focusOutlook.current || !previewed) return;
    focusOutlook.current = false;
    outlookRef.current?.focus();
  }, [previewed]);

  const preview = async (flags: Flags, from = 0) => {
    if (!resolved?.ok || busy) return;
    const request = { ...resolved.request, ...flags };
    setBusy(from === 0 ? 'preview' : 'mail');
    setNotice(null);
    try {
      const res = await rpc.call('mergePreview', { ...request, previewFrom: from, previewCount: PAGE });
      const same = previewed && previewed.result.previewToken === res.previewToken && from > 0;
      const mails = new Map(same ? previewed.mails : []);
      res.previews.forEach((m, i) => mails.set(from + i, m));
      setPreviewed({ request, result: res, mails });
      if (from === 0) {
        setResult(null);
        setAt(0);
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const showMail = (index: number) => {
    if (!previewed) return;
    setAt(index);
    // Mails beyond the pages seen are fetched with the same request; the counts refresh with them.
    if (!previewed.mails.has(index)) void preview(flagsOf(previewed), index - (index % PAGE));
  };

  const testSend = async (mail: MailPreview) => {
    if (!template || busy) return;
    setBusy('test');
    setNotice({ kind: 'info', text: t.testSending });
    try {
      const res = await rpc.call('mergeTestSend', { template: template.name, id: mail.recordIds[0]! });
      setNotice({
        kind: 'info',
        text: t.testSent(res.sentTo, res.subject),
        details: res.problems.map((p) => `${t.realRecipients} ${p.field} ${p.message}`),
      });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  /** Send (or Continue): the result replaces the preview, and focus moves to it. */
  const run = async (how: 'send' | 'continue') => {
    if (!template || busy) return;
    if (how === 'send' && !previewed) return;
    setBusy('send');
    setNotice(null);
    const total = how === 'send' ? previewed!.result.toSend : (result?.pending ?? 0);
    const stop = await progress.start(rpc, template.name, total);
    try {
      const res =
        how === 'send'
          ? await rpc.call('mergeSend', {
              ...previewed!.request,
              previewToken: previewed!.result.previewToken,
            })
          : await rpc.call('mergeContinue', { template: template.name });
      setResult(res);
      setPreviewed(null);
    } catch (err) {
      fail(err);
    } finally {
      stop();
      setBusy(null);
    }
  };

  useLayoutEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  if (!templatesTable) return <p class="status status-error">{t.noTemplatesTable}</p>;
  if (templateList?.status === 'failed')
    return (
      <div class="merge-view">
        <p class="status status-error">{templateList.error.message}</p>
        <button type="button" onClick={() => store.load(templatesTable.name)}>
          {t.retry}
        </button>
      </div>
    );

  const mail = previewed?.mails.get(at);
  const outcome = previewed?.result;
  const canSend =
    outcome && !outcome.blocked && outcome.toSend > 0 && !(outcome.running && !outcome.running.stale);

  return (
    <section class="merge-view" aria-labelledby="merge-title" aria-busy={busy !== null}>
      <h2 id="merge-title" class="visually-hidden">
        {t.tabMerge}
      </h2>
      {templateList?.status !== 'ready' ? (
        <p role="status">{t.loading}</p>
      ) : !template ? (
        <p class="help">{t.noTemplates}</p>
      ) : (
        <MergeSelection
          templates={templates}
          template={template}
          selection={selection}
          resolved={resolved}
          records={records}
          listQuery={template.table ? store.listQuery(template.table) : ''}
          busy={busy === 'preview'}
          disabled={busy !== null}
          onTemplate={(name) => {
            setTemplateName(name);
            reset();
          }}
          onSelection={(next) => {
            setSelection(next);
            reset();
          }}
          onPreview={() => preview({ resend: false, excludeProblemRows: false })}
        />
      )}

      <div
        role="status"
        aria-live="polite"
        class={`status${notice?.kind === 'error' ? ' status-error' : ''}`}
      >
        {busy === 'send' ? (
          <p>{progress.text(t)}</p>
        ) : (
          notice && (
            <>
              <p>{notice.text}</p>
              {notice.details && notice.details.length > 0 && (
                <ul>
                  {notice.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </>
          )
        )}
      </div>
      {busy === 'send' && progress.total > 0 && (
        <progress
          class="merge-progress"
          max={progress.total}
          value={progress.done}
          aria-label={t.sendProgress}
        />
      )}

      {outcome && template && (
        <>
          <MergeOutlook
            headingRef={outlookRef}
            result={outcome}
            flags={flagsOf(previewed)}
            table={template.table}
            busy={busy !== null}
            onFlags={(flags) => {
              focusOutlook.current = true;
              void preview(flags);
            }}
          />
          {outcome.mails > 0 && (
            <MailPreviewPane
              mail={mail}
              index={at}
              total={outcome.mails}
              loading={busy === 'mail'}
              onShow={showMail}
            />
          )}
          <div class="actions merge-actions">
            <button
              type="button"
              class="primary"
              disabled={!canSend}
              aria-disabled={busy !== null || undefined}
              aria-busy={busy === 'send' || undefined}
              aria-describedby={outcome.blocked ? 'merge-blocked' : undefined}
              onClick={() => run('send')}
            >
              {previewed.request.resend ? t.sendAgainButton(outcome.toSend) : t.sendButton(outcome.toSend)}
            </button>
            <button
              type="button"
              aria-disabled={!mail || busy !== null || undefined}
              aria-busy={busy === 'test' || undefined}
              onClick={() => mail && testSend(mail)}
            >
              {t.testSend}
            </button>
            {outcome.blocked && (
              <p id="merge-blocked" class="help">
                {t.blockedHint}
              </p>
            )}
          </div>
        </>
      )}

      {result && (
        <MergeResult
          headingRef={resultRef}
          result={result}
          busy={busy !== null}
          onContinue={() => run('continue')}
          onPreviewAgain={() => preview({ resend: false, excludeProblemRows: false })}
        />
      )}
      {Boolean(result ? result.stuck.length : outcome?.stuck.length) && (
        <StuckReview keys={result ? result.stuck : (outcome?.stuck.map((s) => s.key) ?? [])} />
      )}
    </section>
  );
}

function flagsOf(previewed: Previewed | null): Flags {
  return {
    resend: previewed?.request.resend ?? false,
    excludeProblemRows: previewed?.request.excludeProblemRows ?? false,
  };
}
