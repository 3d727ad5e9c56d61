/**
 * A reference field: a combobox that searches the target table (its list is loaded once, on first
 * focus, and shared with the list view), shows each record by its display field, and stores the
 * target's ID. Typed text that was not picked is kept as typed: the server resolves an ID or a
 * unique display value, and says so beside the field when it cannot.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FieldDef } from '../../src/core/schema';
import { useSidebar } from '../context';
import { findMatches, type IndexedRecord } from '../data/search';
import { useTableList } from '../data/store';

const SHOWN = 8;

interface ReferencePickerProps {
  id: string;
  field: FieldDef;
  value: string;
  /** The display text of the saved ID, from the opened record (RecordOut.labels). */
  known: { id: string; label: string } | undefined;
  describedBy: string | undefined;
  invalid: boolean;
  onChange(value: string): void;
  onBlur(): void;
}

function displayOf(rec: IndexedRecord, displayField: string): string {
  const v = rec.record.values[displayField];
  const label = rec.record.labels[displayField];
  return label || (v === null || v === undefined || v === '' ? rec.record.id : String(v));
}

export function ReferencePicker(props: ReferencePickerProps) {
  const { field, value } = props;
  const { store, t, openRecord } = useSidebar();
  const target = field.references ? store.table(field.references) : undefined;
  const [wanted, setWanted] = useState(false);
  const list = useTableList(store, target?.name, wanted);
  const records = list?.status === 'ready' ? list.records : null;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // What the input shows: a picked record's display text, or exactly what was typed.
  const [typed, setTyped] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);

  const byId = useMemo(() => new Map(records?.map((r) => [r.record.id, r]) ?? []), [records]);
  const labelOf = (id: string): string | undefined => {
    if (picked?.id === id) return picked.label;
    const rec = byId.get(id);
    if (rec && target) return displayOf(rec, target.displayField);
    return props.known?.id === id ? props.known.label : undefined;
  };
  const resolvedId = value && (byId.has(value) || labelOf(value) !== undefined) ? value : null;

  // The form replaced the value (saved, reverted, took theirs): show that value, not the old typing.
  const emitted = useRef(value);
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setTyped(null);
    }
  }, [value]);
  const emit = (next: string) => {
    emitted.current = next;
    props.onChange(next);
  };
  const text = typed ?? (resolvedId ? (labelOf(resolvedId) ?? value) : value);
  const query = typed ?? '';
  const found = useMemo(
    () => (records && open ? findMatches(records, query, SHOWN) : null),
    [records, open, query],
  );
  const listboxId = `${props.id}-options`;
  const optionId = (i: number) => `${props.id}-option-${i}`;

  const pick = (rec: IndexedRecord) => {
    const label = target ? displayOf(rec, target.displayField) : rec.record.id;
    setPicked({ id: rec.record.id, label });
    setTyped(null);
    setOpen(false);
    emit(rec.record.id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const options = found?.matches ?? [];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setWanted(true);
      if (!open) {
        setOpen(true);
        setActive(0);
      } else if (options.length > 0) {
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
      }
    } else if (e.key === 'Enter' && open && options[active]) {
      // Enter picks the highlighted record; it must not also save the form.
      e.preventDefault();
      e.stopPropagation();
      pick(options[active]!);
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };

  const onBlur = () => {
    setOpen(false);
    // An exact ID or display text typed without picking becomes that record, as the server would.
    if (typed !== null && records && target) {
      const key = typed.trim().toLowerCase();
      const hits = key
        ? records.filter(
            (r) =>
              r.record.id.toLowerCase() === key || displayOf(r, target.displayField).toLowerCase() === key,
          )
        : [];
      if (hits.length === 1) pick(hits[0]!);
    }
    props.onBlur();
  };

  const options = found?.matches ?? [];
  return (
    <div class="picker">
      <input
        id={props.id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listboxId}
        aria-activedescendant={open && options[active] ? optionId(active) : undefined}
        aria-required={field.required || undefined}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        value={text}
        onInput={(e) => {
          const next = e.currentTarget.value;
          // The target list loads on first use, not on focus: opening a form costs one round trip at most.
          setWanted(true);
          setTyped(next);
          setPicked(null);
          setOpen(true);
          setActive(0);
          emit(next);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <ul
        id={listboxId}
        role="listbox"
        // Named after the table it lists, so that the field name labels exactly one thing: the input.
        aria-label={target?.name ?? field.references}
        class="picker-options"
        hidden={!open || options.length === 0}
      >
        {options.map((rec, i) => (
          <li
            key={rec.record.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'active' : undefined}
            // mousedown, not click: the input must keep focus, or its blur would close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(rec);
            }}
          >
            <span class="option-label">{target ? displayOf(rec, target.displayField) : rec.record.id}</span>
            <span class="option-id">{rec.record.id}</span>
          </li>
        ))}
      </ul>
      {open && (
        <p class="picker-note" role="status">
          {!records
            ? t.loading
            : options.length === 0
              ? t.noMatch
              : found && found.total > options.length
                ? t.pickerCount(found.total)
                : ''}
        </p>
      )}
      {resolvedId && target && (
        <button type="button" class="link" onClick={() => openRecord({ table: target.name, id: resolvedId })}>
          {t.openReference(resolvedId)}
        </button>
      )}
    </div>
  );
}
