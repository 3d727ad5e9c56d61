/**
 * A form's draft: what the person typed, kept as typed (so an invalid entry is never lost), and the
 * conversions between drafts and record values. Validation is core's `normalizeValue`, the very
 * function the server runs, so the sidebar and the server never disagree about a value.
 */
import type { FieldDef } from '../../src/core/schema';
import { addDays, isValidYmd } from '../../src/core/time';
import { isEmptyInput, normalizeValue, type FieldValue } from '../../src/core/values';

export type DraftValue = string | boolean | string[];
export type Draft = Record<string, DraftValue>;

export function emptyDraftValue(field: FieldDef): DraftValue {
  if (field.type === 'yes/no') return false;
  if (field.type === 'multiple choice') return [];
  return '';
}

/** A stored value as the control shows it: currency always with 2 decimals. */
export function draftValueOf(field: FieldDef, value: FieldValue | undefined): DraftValue {
  if (value === null || value === undefined) return emptyDraftValue(field);
  switch (field.type) {
    case 'yes/no':
      return value === true;
    case 'multiple choice':
      return Array.isArray(value) ? value : String(value).split(/[,;]/).map((s) => s.trim()).filter(Boolean);
    case 'currency':
      return typeof value === 'number' ? value.toFixed(2) : String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

export function draftFromValues(fields: FieldDef[], values: Record<string, FieldValue>): Draft {
  return Object.fromEntries(fields.map((f) => [f.name, draftValueOf(f, values[f.name])]));
}

/**
 * Defaults a new form can show filled in: literals, `today`, `today + N` and `me`. Defaults that
 * depend on other fields (`{Issued on} + {Supplier.Payment terms days}`) stay empty with a hint;
 * the server fills them on create.
 */
export function prefilledDefault(field: FieldDef, context: { today: string; user: string }): FieldValue {
  const expr = field.default?.trim() ?? '';
  if (!expr || expr.includes('{')) return null;
  if (/^today$/i.test(expr)) return context.today;
  const plus = /^today\s*\+\s*(-?\d+)(\s+days?)?$/i.exec(expr);
  if (plus) return isValidYmd(context.today) ? addDays(context.today, Number(plus[1])) : null;
  if (/^me$/i.test(expr)) return context.user || null;
  const n = normalizeValue(field, expr);
  return n.ok ? n.value : null;
}

export function draftForNew(fields: FieldDef[], context: { today: string; user: string }): Draft {
  return Object.fromEntries(fields.map((f) => [f.name, draftValueOf(f, prefilledDefault(f, context))]));
}

/** The default expression to show as a hint, when it is not already filled in. */
export function defaultHint(field: FieldDef, context: { today: string; user: string }): string | null {
  if (!field.default) return null;
  return prefilledDefault(field, context) === null ? field.default : null;
}

export function isEmptyDraft(value: DraftValue): boolean {
  return value === false || isEmptyInput(value);
}

export function sameDraft(a: DraftValue | undefined, b: DraftValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

export type Checked = { ok: true; value: FieldValue } | { ok: false; message: string };

/** Check one field as core would: `null` for empty (required is the caller's concern). */
export function checkDraftValue(field: FieldDef, value: DraftValue): Checked {
  // A yes/no box left unticked is a real "no", not an empty value.
  if (field.type === 'yes/no') return { ok: true, value: value === true };
  if (isEmptyDraft(value)) return { ok: true, value: null };
  return normalizeValue(field, value);
}

export interface DraftCheck {
  values: Record<string, FieldValue>;
  /** Problems by field name, in form order. */
  problems: Map<string, string>;
}

/**
 * Check the fields a save would send. New records send every filled field (empty ones are left to
 * the server's defaults); edits send only what changed, so a clash names exactly those fields.
 */
export function checkForSave(
  fields: FieldDef[],
  draft: Draft,
  base: Draft | null,
  requiredMessage: string,
): DraftCheck {
  const values: Record<string, FieldValue> = {};
  const problems = new Map<string, string>();
  for (const field of fields) {
    const value = draft[field.name] ?? emptyDraftValue(field);
    const changed = base === null || !sameDraft(value, base[field.name]);
    if (!changed) continue;
    const checked = checkDraftValue(field, value);
    if (!checked.ok) problems.set(field.name, checked.message);
    else if (checked.value === null && field.required && !(base === null && field.default))
      problems.set(field.name, requiredMessage);
    else if (checked.value !== null || base !== null) values[field.name] = checked.value;
  }
  return { values, problems };
}
