/**
 * The idempotency key of a mail: the template and what the mail is about. It is what makes a merge
 * exactly-once across runs, sorts and inserts: a mail is found by its key, never by a row number.
 *
 *   Purchase order confirmation | PO-0007                one record, one mail
 *   Delivery overdue 1: reminder | Supplier: SUP-0002    Group by: one mail per group value
 *   ... #2, #3                                           a later attempt (a retry after FAILED, a resend)
 *   ... | test, ... | test #2                            a test send to oneself, never the mail itself
 *
 * Each attempt is a row of its own, so the log keeps every send; the merge looks at all of a key's
 * attempts to decide (core/merge/plan.ts).
 */
import { CHASE_KEY_MARK } from '../chase/state';
import type { FieldDef } from '../schema';
import { valueText, type FieldValue } from '../values';

const ATTEMPT = / #(\d+)$/;

/** The key of one mail: a record's mail, or with Group by the group's. */
export function mailKey(
  templateName: string,
  recordIds: readonly string[],
  group?: { field: FieldDef; value: FieldValue },
): string {
  if (group) return `${templateName} | ${group.field.name}: ${groupValueText(group.field, group.value)}`;
  return `${templateName} | ${recordIds.join(', ')}`;
}

/**
 * A group's value as a key: references by ID (stable when the supplier is renamed), text the way
 * core/mail/render.ts groups it, ignoring case and surrounding spaces.
 */
export function groupValueText(field: FieldDef, value: FieldValue): string {
  const text = valueText(value).trim();
  return field.type === 'reference' ? text : text.toLowerCase();
}

export function testKey(base: string): string {
  return `${base} | test`;
}

/** The row key of an attempt: the base itself for the first, `base #n` after. */
export function attemptKey(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base} #${attempt}`;
}

/** A row key read as (base, attempt). A key that merely ends in " #n" is also its own base: see below. */
export function splitAttempt(key: string): { base: string; attempt: number } | null {
  const m = ATTEMPT.exec(key);
  return m ? { base: key.slice(0, m.index), attempt: Number(m[1]) } : null;
}

/**
 * A chase mail's key (`<template> | chase <rule and records>`, core/chase/state.ts). The chase runs
 * its own PENDING rows; a merge's Continue, which picks rows by template, must leave them alone.
 */
export function isChaseKey(key: string): boolean {
  return key.includes(CHASE_KEY_MARK);
}
