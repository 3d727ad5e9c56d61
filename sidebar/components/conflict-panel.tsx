/**
 * A version conflict: someone saved the record after this form opened it. For every field the
 * person changed, their value and the other person's sit side by side with a choice; the fields only
 * the other person changed are listed and taken as theirs. Nothing is saved until the person says so.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecordOut } from '../../src/core/records';
import type { FieldDef } from '../../src/core/schema';
import { useSidebar } from '../context';
import { draftValueOf, sameDraft, type Draft, type DraftValue } from '../data/draft';

export type Choice = 'mine' | 'theirs';

interface ConflictPanelProps {
  idPrefix: string;
  fields: FieldDef[];
  /** What the form showed when it opened the record. */
  base: Draft;
  mine: Draft;
  theirs: RecordOut;
  /** Labels of reference IDs the form knows (the opened record's). */
  labels: Record<string, string>;
  message: string;
  onResolve(choices: Record<string, Choice>): void;
  onBack(): void;
}

export function ConflictPanel(props: ConflictPanelProps) {
  const { t, store } = useSidebar();
  const { fields, base, mine, theirs } = props;
  const theirDraft = (f: FieldDef) => draftValueOf(f, theirs.values[f.name]);
  const clashing = fields.filter(
    (f) => !sameDraft(mine[f.name], base[f.name]) && !sameDraft(mine[f.name], theirDraft(f)),
  );
  const onlyTheirs = fields.filter(
    (f) => sameDraft(mine[f.name], base[f.name]) && !sameDraft(base[f.name], theirDraft(f)),
  );
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(clashing.map((f) => [f.name, 'mine' as Choice])),
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const shown = (f: FieldDef, value: DraftValue | undefined): string => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t.empty;
    if (typeof value === 'boolean') return value ? t.yes : t.no;
    if (Array.isArray(value)) return value.join(', ');
    if (f.type !== 'reference') return value;
    const label =
      (f.references && store.labelOf(f.references, value)) ||
      (theirs.values[f.name] === value ? theirs.labels[f.name] : undefined) ||
      (base[f.name] === value ? props.labels[f.name] : undefined);
    return label ? `${label} (${value})` : value;
  };

  return (
    <section
      class="conflict"
      aria-labelledby={`${props.idPrefix}-conflict`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onBack();
        }
      }}
    >
      <h3 id={`${props.idPrefix}-conflict`} tabIndex={-1} ref={heading}>
        {t.conflictTitle}
      </h3>
      <p class="help">{props.message}</p>
      <p>{t.conflictIntro}</p>
      {clashing.map((f, i) => {
        const name = `${props.idPrefix}-choice-${i}`;
        const option = (choice: Choice, title: string, value: string) => (
          <label class={`choice${choices[f.name] === choice ? ' chosen' : ''}`}>
            <input
              type="radio"
              name={name}
              checked={choices[f.name] === choice}
              onChange={() => setChoices({ ...choices, [f.name]: choice })}
            />
            <span class="choice-text">
              <span class="choice-title">{title}</span>
              <span class="choice-value">{value}</span>
            </span>
          </label>
        );
        return (
          <fieldset key={f.name} class="clash">
            <legend>{f.name}</legend>
            {option('mine', t.keepMine, shown(f, mine[f.name]))}
            {option('theirs', t.takeTheirs, shown(f, theirDraft(f)))}
          </fieldset>
        );
      })}
      {onlyTheirs.length > 0 && (
        <div class="also">
          <p>{t.alsoChanged}</p>
          <ul>
            {onlyTheirs.map((f) => (
              <li key={f.name}>
                {f.name}: {shown(f, base[f.name])} → {shown(f, theirDraft(f))}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="actions">
        <button type="button" class="primary" onClick={() => props.onResolve(choices)}>
          {t.saveChoices}
        </button>
        <button
          type="button"
          onClick={() =>
            props.onResolve(Object.fromEntries(clashing.map((f) => [f.name, 'theirs' as Choice])))
          }
        >
          {t.takeAllTheirs}
        </button>
      </div>
    </section>
  );
}
