/**
 * Create or edit one record in a form generated from the schema. The draft keeps everything typed;
 * each field is checked as it changes with core's normalizeValue, and the server checks again on
 * save. A stale version opens the conflict panel instead of overwriting anyone.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorPayload } from '../../src/core/errors';
import type { RecordOut } from '../../src/core/records';
import type { FieldDef } from '../../src/core/schema';
import type { FieldValue } from '../../src/core/values';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import {
  checkDraftValue,
  checkForSave,
  defaultHint,
  draftForNew,
  draftFromValues,
  isEmptyDraft,
  sameDraft,
  type Draft,
  type DraftValue,
} from '../data/draft';
import type { TableInfo } from '../data/store';
import { mark } from '../timing';
import { ConflictPanel, type Choice } from './conflict-panel';
import { FieldControl } from './field-control';
import { ChaseRecord } from './chase-record';
import { RecordCorrespondence } from './record-correspondence';

interface RecordFormProps {
  table: TableInfo;
  /** The record as just read with getRecord; null for a new record. */
  record: RecordOut | null;
}

type Status = { kind: 'info' | 'error'; text: string; details?: string[] } | null;
type Conflict = { theirs: RecordOut; message: string };

function conflictOf(error: ErrorPayload): Conflict | null {
  const current = (error.details as { current?: RecordOut } | undefined)?.current;
  if (error.code !== 'conflict' || !current || typeof current.version !== 'number') return null;
  return { theirs: current, message: error.message };
}

/** Enter saves from inputs and selects; a textarea takes Enter as a new line, a button as a press. */
function savesOnEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
}

export function RecordForm({ table, record }: RecordFormProps) {
  const { rpc, schema, store, t, navigation, closeTop } = useSidebar();
  const idPrefix = useId();
  const fields = table.fields;
  const controlId = (f: FieldDef) => `${idPrefix}-f${fields.indexOf(f)}`;
  const defaults = { today: schema.today, user: schema.user };

  const [base, setBase] = useState<RecordOut | null>(record);
  const baseDraft = useMemo(
    () => (base ? draftFromValues(fields, base.values) : draftForNew(fields, defaults)),
    // The defaults only matter for a new form, which has no base to change.
    [base, fields],
  );
  const [draft, setDraftState] = useState<Draft>(baseDraft);
  // The latest draft for event handlers that run before the next render (blur right after input).
  const draftRef = useRef(draft);
  const setDraft = (next: Draft) => {
    draftRef.current = next;
    setDraftState(next);
  };
  const [errors, setErrors] = useState<Map<string, string>>(() => new Map());
  const touched = useRef(new Set<string>());
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [focusField, setFocusField] = useState<string | null>(null);
  const discardRef = useRef<HTMLButtonElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);

  const dirty = fields.some((f) => !sameDraft(draft[f.name], baseDraft[f.name]));

  // First render: the form is interactive. Focus the first field so typing starts at once.
  useEffect(() => {
    mark('sidebar:form-ready');
    const first = fields[0];
    if (first) document.getElementById(controlId(first))?.focus();
  }, []);

  useEffect(() => {
    if (!focusField) return;
    const field = fields.find((f) => f.name === focusField);
    if (field) document.getElementById(controlId(field))?.focus();
    setFocusField(null);
  }, [focusField]);

  // The discard question takes focus; when it or the conflict panel goes away, Save gets it back
  // (the button that had it is gone, and focus must not fall to the page).
  const wasAside = useRef(false);
  useEffect(() => {
    const aside = confirmDiscard || conflict !== null;
    if (confirmDiscard) discardRef.current?.focus();
    else if (wasAside.current && !aside) saveRef.current?.focus();
    wasAside.current = aside;
  }, [confirmDiscard, conflict]);

  const showProblems = (problems: Map<string, string>, summary: string, details: string[] = []) => {
    setErrors(problems);
    setStatus({ kind: 'error', text: summary, details });
    const first = fields.find((f) => problems.has(f.name));
    if (first) setFocusField(first.name);
  };

  /** Set or clear one field's error (functional, so two events in one tick cannot undo each other). */
  const setFieldError = (field: FieldDef, message: (previous: string | undefined) => string | undefined) =>
    setErrors((prev) => {
      const next = message(prev.get(field.name));
      if (prev.get(field.name) === next) return prev;
      const copy = new Map(prev);
      if (next) copy.set(field.name, next);
      else copy.delete(field.name);
      return copy;
    });

  /** Live check as the person types: errors clear the moment the value is right. */
  const onFieldChange = (field: FieldDef, value: DraftValue) => {
    setDraft({ ...draftRef.current, [field.name]: value });
    const checked = checkDraftValue(field, value);
    setFieldError(field, (previous) => {
      // Quiet until the field was left once or already showed a problem: no error on the first keystroke.
      if (previous === undefined && !touched.current.has(field.name)) return undefined;
      if (!checked.ok) return checked.message;
      return isEmptyDraft(value) && field.required && previous !== undefined ? t.requiredMessage : undefined;
    });
  };

  /**
   * Leaving a field shows what is wrong with it; an empty required field waits for Save. It only
   * adds problems: a server's problem (a rule across fields) stays until the value changes.
   */
  const onFieldBlur = (field: FieldDef) => {
    const value = draftRef.current[field.name];
    if (value === undefined || isEmptyDraft(value)) return;
    touched.current.add(field.name);
    const checked = checkDraftValue(field, value);
    if (!checked.ok) setFieldError(field, () => checked.message);
  };

  const send = async (values: Record<string, FieldValue>, against: RecordOut | null) => {
    setSaving(true);
    setStatus({ kind: 'info', text: t.saving });
    try {
      const saved = against
        ? await rpc.call('updateRecord', {
            table: table.name,
            id: against.id,
            version: against.version,
            values,
          })
        : await rpc.call('createRecord', { table: table.name, values });
      store.upsert(saved);
      setBase(saved);
      setDraft(draftFromValues(fields, saved.values));
      setErrors(new Map());
      setConflict(null);
      setStatus({ kind: 'info', text: t.saved(saved.id) });
    } catch (err) {
      const error = errorPayloadOf(err);
      const clash = conflictOf(error);
      if (clash) {
        setStatus(null);
        setConflict(clash);
        return;
      }
      const byField = new Map<string, string>();
      const general: string[] = [];
      for (const p of error.problems) {
        const field = fields.find((f) => f.name.toLowerCase() === p.field.trim().toLowerCase());
        if (field && !byField.has(field.name)) byField.set(field.name, p.message);
        else general.push(p.field ? `${p.field}: ${p.message}` : p.message);
      }
      if (byField.size > 0) showProblems(byField, t.fixProblems(byField.size), general);
      else setStatus({ kind: 'error', text: error.message });
    } finally {
      setSaving(false);
    }
  };

  const save = () => {
    if (saving || conflict) return;
    const check = checkForSave(fields, draftRef.current, base ? baseDraft : null, t.requiredMessage);
    if (check.problems.size > 0) return showProblems(check.problems, t.fixProblems(check.problems.size));
    if (base && Object.keys(check.values).length === 0)
      return setStatus({ kind: 'info', text: t.nothingToSave });
    setErrors(new Map());
    void send(check.values, base);
  };

  /** Resolve a conflict: their record, with the person's own values wherever they chose "mine". */
  const resolve = (choices: Record<string, Choice>) => {
    if (!conflict) return;
    const theirs = conflict.theirs;
    const theirDraft = draftFromValues(fields, theirs.values);
    const next: Draft = { ...theirDraft };
    for (const f of fields) {
      const mineChanged = !sameDraft(draft[f.name], baseDraft[f.name]);
      if (mineChanged && choices[f.name] !== 'theirs') next[f.name] = draft[f.name]!;
    }
    setConflict(null);
    setBase(theirs);
    setDraft(next);
    store.upsert(theirs);
    const check = checkForSave(fields, next, theirDraft, t.requiredMessage);
    if (check.problems.size > 0) return showProblems(check.problems, t.fixProblems(check.problems.size));
    if (Object.keys(check.values).length === 0) return setStatus({ kind: 'info', text: t.tookTheirs });
    void send(check.values, theirs);
  };

  const cancel = () => {
    if (dirty && !confirmDiscard) setConfirmDiscard(true);
    else closeTop();
  };

  const goToRow = () => {
    if (!navigation || !base) return;
    navigation
      .selectRecord({ table: table.name, id: base.id })
      .catch((err) => setStatus({ kind: 'error', text: errorPayloadOf(err).message }));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      if (confirmDiscard) setConfirmDiscard(false);
      else cancel();
    } else if (e.key === 'Enter' && savesOnEnter(e.target) && !conflict) {
      e.preventDefault();
      save();
    }
  };

  const displayValue = base?.values[table.displayField];
  const subtitle =
    base && displayValue !== null && displayValue !== undefined
      ? String(base.labels[table.displayField] ?? displayValue)
      : '';

  return (
    <form
      class="record-form"
      noValidate
      aria-labelledby={`${idPrefix}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={onKeyDown}
    >
      <header class="form-head">
        <button type="button" class="icon" aria-label={t.back} title={t.back} onClick={cancel}>
          <span aria-hidden="true">‹</span>
        </button>
        <div class="titles">
          <h2 id={`${idPrefix}-title`}>{base ? base.id : t.newTitle(table.name)}</h2>
          {(subtitle || base) && <p class="subtitle">{subtitle || table.name}</p>}
        </div>
        {navigation && base && (
          <button type="button" class="link" onClick={goToRow}>
            {t.goToRow}
          </button>
        )}
      </header>
      {base && <p class="meta">{t.versionLine(base.version, base.updated, base.updatedBy)}</p>}

      <div
        role="status"
        class={`status${status?.kind === 'error' ? ' status-error' : ''}`}
        aria-live="polite"
      >
        {status && <p>{status.text}</p>}
        {status?.details && status.details.length > 0 && (
          <ul>
            {status.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>

      {conflict && (
        <ConflictPanel
          idPrefix={idPrefix}
          fields={fields}
          base={baseDraft}
          mine={draft}
          theirs={conflict.theirs}
          labels={base?.labels ?? {}}
          message={conflict.message}
          onResolve={resolve}
          onBack={() => setConflict(null)}
        />
      )}

      <div class="fields" hidden={Boolean(conflict)}>
        {fields.map((f) => (
          <FieldControl
            key={f.name}
            id={controlId(f)}
            field={f}
            value={draft[f.name] ?? ''}
            error={errors.get(f.name)}
            defaultHint={base ? null : defaultHint(f, defaults)}
            known={
              base && typeof base.values[f.name] === 'string' && base.labels[f.name]
                ? { id: base.values[f.name] as string, label: base.labels[f.name]! }
                : undefined
            }
            onChange={(v) => onFieldChange(f, v)}
            onBlur={() => onFieldBlur(f)}
          />
        ))}
      </div>

      {base && !conflict && <ChaseRecord table={table.name} id={base.id} />}
      {base && !conflict && <RecordCorrespondence id={base.id} />}

      {!conflict && (
        <footer class="actions">
          {confirmDiscard ? (
            <div class="confirm" role="group" aria-labelledby={`${idPrefix}-discard`}>
              <p id={`${idPrefix}-discard`}>{t.discardQuestion}</p>
              <button type="button" class="danger" ref={discardRef} onClick={closeTop}>
                {t.discard}
              </button>
              <button type="button" onClick={() => setConfirmDiscard(false)}>
                {t.keepEditing}
              </button>
            </div>
          ) : (
            <>
              <button type="submit" class="primary" ref={saveRef} aria-busy={saving || undefined}>
                {saving ? t.saving : t.save}
              </button>
              <button type="button" onClick={cancel}>
                {dirty ? t.cancel : t.close}
              </button>
            </>
          )}
        </footer>
      )}
    </form>
  );
}
