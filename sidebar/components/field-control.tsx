/**
 * One field of a record form: its label (exactly the field name; the required asterisk sits outside
 * the label and is hidden from assistive technology, which hears aria-required instead), the control
 * that fits its type, help, the default that applies when left empty, and its error.
 */
import type { FieldDef } from '../../src/core/schema';
import { isValidYmd } from '../../src/core/time';
import { useSidebar } from '../context';
import type { DraftValue } from '../data/draft';
import { ReferencePicker } from './reference-picker';

export interface FieldControlProps {
  id: string;
  field: FieldDef;
  value: DraftValue;
  error: string | undefined;
  /** The default expression the server applies when the field is left empty. */
  defaultHint: string | null;
  known: { id: string; label: string } | undefined;
  onChange(value: DraftValue): void;
  onBlur(): void;
}

export function FieldControl(props: FieldControlProps) {
  const { t } = useSidebar();
  const { id, field, error } = props;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const hintId = `${id}-hint`;
  const describedBy =
    [error && errorId, field.help && helpId, props.defaultHint && hintId].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    'aria-required': field.required || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onBlur: props.onBlur,
  };
  const text = typeof props.value === 'string' ? props.value : '';
  const onText = (e: { currentTarget: { value: string } }) => props.onChange(e.currentTarget.value);

  let control;
  switch (field.type) {
    case 'long text':
      control = <textarea {...common} rows={3} value={text} onInput={onText} />;
      break;
    case 'number':
    case 'currency':
      // Text with a decimal keypad, not type=number: that one hides what was typed when it is not a number.
      control = (
        <input
          {...common}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          class={field.type === 'currency' ? 'money' : undefined}
          value={text}
          onInput={onText}
          onBlur={() => {
            const n = Number(text.replace(/,/g, ''));
            if (
              field.type === 'currency' &&
              text.trim() !== '' &&
              Number.isFinite(n) &&
              !error &&
              /^[-+\d.,\s]+$/.test(text)
            )
              if (Math.abs(Math.round(n * 100) - n * 100) < 1e-6) props.onChange(n.toFixed(2));
            props.onBlur();
          }}
        />
      );
      break;
    case 'date':
      // A value typed by hand in the sheet that is not a date stays visible (as text) until fixed.
      control =
        text === '' || isValidYmd(text) ? (
          <input {...common} type="date" value={text} onInput={onText} />
        ) : (
          <input {...common} type="text" value={text} onInput={onText} />
        );
      break;
    case 'choice':
      control = (
        <select {...common} value={text} onChange={onText}>
          {(text === '' || !field.required) && <option value="">{t.choose}</option>}
          {text !== '' && !field.choices.includes(text) && <option value={text}>{text}</option>}
          {field.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
      break;
    case 'yes/no':
      return (
        <div class={`field field-check${error ? ' has-error' : ''}`}>
          <input
            {...common}
            type="checkbox"
            checked={props.value === true}
            onChange={(e) => props.onChange(e.currentTarget.checked)}
          />
          <label for={id}>{field.name}</label>
          {field.required && (
            <span class="required" aria-hidden="true">
              *
            </span>
          )}
          <FieldNotes {...props} errorId={errorId} helpId={helpId} hintId={hintId} />
        </div>
      );
    case 'multiple choice':
      return (
        <MultipleChoice
          {...props}
          describedBy={describedBy}
          errorId={errorId}
          helpId={helpId}
          hintId={hintId}
        />
      );
    case 'reference':
      control = (
        <ReferencePicker
          id={id}
          field={field}
          value={text}
          known={props.known}
          describedBy={describedBy}
          invalid={Boolean(error)}
          onChange={props.onChange}
          onBlur={props.onBlur}
        />
      );
      break;
    // email, tel and url inputs bring the right mobile keyboard; checking stays ours (noValidate form).
    case 'email':
      control = <input {...common} type="email" autoComplete="off" value={text} onInput={onText} />;
      break;
    case 'phone':
      control = <input {...common} type="tel" autoComplete="off" value={text} onInput={onText} />;
      break;
    case 'URL':
      control = <input {...common} type="url" autoComplete="off" value={text} onInput={onText} />;
      break;
    default:
      control = <input {...common} type="text" autoComplete="off" value={text} onInput={onText} />;
  }

  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <div class="field-head">
        <label for={id}>{field.name}</label>
        {field.required && (
          <span class="required" aria-hidden="true">
            *
          </span>
        )}
        {field.confidential && <span class="badge">{t.confidential}</span>}
      </div>
      {control}
      <FieldNotes {...props} errorId={errorId} helpId={helpId} hintId={hintId} />
    </div>
  );
}

interface NoteIds {
  errorId: string;
  helpId: string;
  hintId: string;
}

function FieldNotes(props: FieldControlProps & NoteIds) {
  const { t } = useSidebar();
  return (
    <>
      {props.error && (
        <p id={props.errorId} class="error">
          {props.field.name} {props.error}
        </p>
      )}
      {props.field.help && (
        <p id={props.helpId} class="help">
          {props.field.help}
        </p>
      )}
      {props.defaultHint && (
        <p id={props.hintId} class="help">
          {t.defaultHint(props.defaultHint)}
        </p>
      )}
    </>
  );
}

/** Checkboxes in a fieldset whose legend is the field name; the first box takes the field's id. */
function MultipleChoice(props: FieldControlProps & NoteIds & { describedBy: string | undefined }) {
  const { t } = useSidebar();
  const { id, field } = props;
  const chosen = Array.isArray(props.value) ? props.value : [];
  const options = [...field.choices, ...chosen.filter((c) => !field.choices.includes(c))];
  const toggle = (choice: string, on: boolean) =>
    props.onChange(options.filter((c) => (c === choice ? on : chosen.includes(c))));
  return (
    // A group has no aria-required, so "Required" joins its description instead (never its name).
    <fieldset
      class={`field field-group${props.error ? ' has-error' : ''}`}
      aria-describedby={
        [field.required && `${id}-required`, props.describedBy].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>
        {field.name}
        {field.required && (
          <span class="required" aria-hidden="true">
            *
          </span>
        )}
      </legend>
      {field.required && (
        <span id={`${id}-required`} class="visually-hidden">
          {t.requiredHint}
        </span>
      )}
      {options.map((choice, i) => (
        <label key={choice} class="check">
          <input
            id={i === 0 ? id : `${id}-${i}`}
            type="checkbox"
            checked={chosen.includes(choice)}
            aria-invalid={props.error ? true : undefined}
            onChange={(e) => toggle(choice, e.currentTarget.checked)}
            onBlur={props.onBlur}
          />
          {choice}
        </label>
      ))}
      <FieldNotes {...props} />
    </fieldset>
  );
}
