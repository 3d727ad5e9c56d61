/**
 * What a mail merge is about, as the merge view holds it: the template (a record of the Templates
 * table) and the records it merges, picked as the records list picks them. Matching runs here over
 * the table's list already in memory (the list view's search), and the server gets the IDs: the
 * preview and the send then cover exactly the records the person saw counted.
 */
import type { MergeSelectionRequest } from '../../src/service/merge';
import type { SchemaInfo } from '../../src/service/register';
import { findMatches, type IndexedRecord } from './search';
import type { ListState } from './store';

/** The Templates table's name and fields (src/core/mail/template.ts), kept here as plain strings. */
export const TEMPLATES = 'Templates';

export interface TemplateInfo {
  id: string;
  name: string;
  /** The register table it merges, as the schema spells it ('' when the table is unknown). */
  table: string;
  html: boolean;
  groupBy: string;
}

export type Selection =
  | { mode: 'all' }
  | { mode: 'matching'; query: string }
  | { mode: 'ids'; text: string };

export function tableNamed(schema: SchemaInfo, name: string): SchemaInfo['tables'][number] | undefined {
  const wanted = name.trim().toLowerCase();
  return schema.tables.find((t) => t.name.toLowerCase() === wanted);
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** Every template with a name, in sheet order. */
export function templatesOf(schema: SchemaInfo, list: ListState | undefined): TemplateInfo[] {
  if (list?.status !== 'ready') return [];
  return list.records
    .map(({ record: r }) => ({
      id: r.id,
      name: text(r.values.Name),
      table: tableNamed(schema, text(r.values.Table))?.name ?? '',
      html: /^html$/i.test(text(r.values.Format)),
      groupBy: text(r.values['Group by']),
    }))
    .filter((t) => t.name !== '')
    .reverse(); // The store keeps lists latest first; templates read best in the sheet's order.
}

/** IDs typed by hand: commas, semicolons, spaces or new lines between them; each once. */
export function parseIds(typed: string): string[] {
  return [
    ...new Set(
      typed
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export type Resolved =
  | { ok: true; request: MergeSelectionRequest; count: number | null }
  | { ok: false; reason: 'loading' | 'empty' | 'unknown'; unknown?: string[] };

/**
 * The request part of a selection. `count` is how many records it names (null while the table's
 * list is loading and the selection is "all", which needs no list).
 */
export function resolveSelection(
  template: string,
  selection: Selection,
  records: readonly IndexedRecord[] | null,
): Resolved {
  const base = { template };
  if (selection.mode === 'all' || (selection.mode === 'matching' && selection.query.trim() === ''))
    return { ok: true, request: base, count: records ? records.length : null };
  if (selection.mode === 'matching') {
    if (!records) return { ok: false, reason: 'loading' };
    const ids = findMatches(records, selection.query, Number.POSITIVE_INFINITY).matches.map(
      (r) => r.record.id,
    );
    return ids.length === 0
      ? { ok: false, reason: 'empty' }
      : { ok: true, request: { ...base, ids }, count: ids.length };
  }
  const ids = parseIds(selection.text);
  if (ids.length === 0) return { ok: false, reason: 'empty' };
  if (records) {
    const known = new Set(records.map((r) => r.record.id.toLowerCase()));
    const unknown = ids.filter((id) => !known.has(id.toLowerCase()));
    if (unknown.length > 0) return { ok: false, reason: 'unknown', unknown };
  }
  return { ok: true, request: { ...base, ids }, count: ids.length };
}
