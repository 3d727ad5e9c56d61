/**
 * Render a template for one record, or for a group of records (Group by: one mail per distinct
 * value, the group's records as `{{#items}}`, the first record's fields at the top level).
 *
 * Each record becomes a view holding only the keys the compiled template uses: merge text
 * formatted by field type (`formatFieldValue`), and what sections test. Every merged value passes
 * through one escape function per part, which HTML-escapes in HTML bodies and notices blank values
 * and several addresses in a single-address field, so the checks report exactly what was rendered.
 */
import type { RecordOut } from '../records';
import { findTable, type FieldDef, type Schema, type TableDef } from '../schema';
import { wallClock } from '../time';
import { isEmptyInput, parseEmailList, valueText, type FieldValue } from '../values';
import { addressKeys, addressList } from './addresses';
import { compileTemplate, ITEMS_KEY, TODAY_KEY, type CompiledTemplate, type Need } from './compile';
import { renderContext, renderTokens } from './engine';
import { currencyFieldOf, formatDate, formatFieldValue, htmlMergeText } from './format';
import type { MailTemplate, TemplatePart } from './template';

/** Finds a referenced record: render stays independent of where records come from. */
export type RecordResolver = (table: string, id: string) => RecordOut | undefined;

export interface MergeContext {
  schema: Schema;
  /** The spreadsheet's locale, Apps Script style (`en_US`, `it_IT`) or BCP 47 (`en-US`). */
  locale: string;
  /** The spreadsheet's time zone, for `{{Today}}`. */
  timeZone: string;
  /** The clock reading, from the host: `{{Today}}` is its date in `timeZone`. */
  nowMs: number;
  /** Currency for amounts in tables without a Currency field (e.g. Staff's Salary). */
  currency?: string;
  resolve: RecordResolver;
}

export interface RenderedMail {
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  body: string;
  html: boolean;
  recordIds: string[];
}

/** Something noticed while rendering that must stop the mail: a blank value, a doubled address. */
export interface MergeNote {
  recordIds: string[];
  field: TemplatePart;
  message: string;
}

export interface RenderOutcome {
  mail: RenderedMail;
  notes: MergeNote[];
}

type View = Record<string, unknown>;

/** A merged value with where it came from, so the escape function can say what was blank. */
class MergedValue {
  constructor(
    readonly text: string,
    readonly path: string,
    readonly recordId: string,
    readonly field?: FieldDef,
  ) {}

  toString(): string {
    return this.text;
  }
}

const newView = (): View => Object.create(null) as View;

/** One mail per record, or with `groupBy` one per distinct value, in the order records come. */
export function groupRecords(records: readonly RecordOut[], groupBy?: FieldDef): RecordOut[][] {
  if (!groupBy) return records.map((r) => [r]);
  const groups = new Map<string, RecordOut[]>();
  for (const r of records) {
    const text = valueText(r.values[groupBy.name] ?? null).trim();
    // References group by ID; typed text groups the way people read it, ignoring case.
    const key = groupBy.type === 'reference' ? text : text.toLowerCase();
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

const plainText = (v: unknown): string =>
  v instanceof MergedValue
    ? v.text
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : '';

/** Renders one compiled template for many records; referenced records are resolved once per run. */
export class MailRenderer {
  readonly compiled: CompiledTemplate;
  private readonly records = new Map<TableDef, Map<string, RecordOut | null>>();
  // Keyed by the resolved record object, which the record cache above makes unique per ID.
  private readonly targetViews = new Map<RecordOut, View>();
  private readonly targetTables = new Map<FieldDef, TableDef | null>();
  private todayText?: string;

  constructor(
    template: MailTemplate | CompiledTemplate,
    private readonly ctx: MergeContext,
  ) {
    this.compiled = 'parts' in template ? template : compileTemplate(template, ctx.schema);
  }

  groups(records: readonly RecordOut[]): RecordOut[][] {
    return groupRecords(records, this.compiled.groupBy);
  }

  renderAll(records: readonly RecordOut[]): RenderOutcome[] {
    return this.groups(records).map((g) => this.render(g));
  }

  /** One mail for these records (one record, or one group). */
  render(records: readonly RecordOut[]): RenderOutcome {
    const ids = records.map((r) => r.id);
    const own = new Set(ids);
    const notes: MergeNote[] = [];
    const noted = new Set<string>();
    const note = (field: TemplatePart, recordIds: string[], message: string) => {
      const k = `${field}\u0000${recordIds.join(',')}\u0000${message}`;
      if (noted.has(k)) return;
      noted.add(k);
      notes.push({ recordIds, field, message });
    };
    const whose = (v: MergedValue) => (own.has(v.recordId) ? [v.recordId] : ids);
    const where = (v: MergedValue) => (v.recordId && !own.has(v.recordId) ? ` (in ${v.recordId})` : '');

    const textEscape =
      (part: TemplatePart, html: boolean) =>
      (v: unknown): string => {
        if (v instanceof MergedValue && v.text === '')
          note(
            part,
            whose(v),
            `{{${v.path}}} is empty${where(v)}: fill it in, or put it inside {{#${v.path}}}...{{/${v.path}}} so the text around it is left out when it is empty`,
          );
        const text = plainText(v);
        return html ? htmlMergeText(text) : text;
      };
    // Address parts are never escaped; an empty Cc placeholder simply adds no one.
    const addressEscape =
      (part: TemplatePart) =>
      (v: unknown): string => {
        if (v instanceof MergedValue && v.field?.type === 'email' && !v.field.rules.list) {
          const found = parseEmailList(v.text);
          if (found.length > 1)
            note(
              part,
              whose(v),
              `{{${v.path}}} holds ${found.length} addresses (${found.join(', ')})${where(v)}, but ${v.field.table}.${v.field.name} takes one address: keep one, or mark the field as a list (Rules: list) in Setup`,
            );
        }
        return plainText(v);
      };

    const root = this.rootView(records);
    const context = renderContext(root);
    const renderPart = (part: TemplatePart, escape: (v: unknown) => string): string => {
      const { tokens, source } = this.compiled.parts[part];
      if (!tokens) return source;
      return renderTokens(tokens, context, source, escape);
    };

    const to = addressList(renderPart('To', addressEscape('To')));
    const cc = addressList(renderPart('Cc', addressEscape('Cc')), addressKeys(to));
    const bcc = addressList(renderPart('Bcc', addressEscape('Bcc')), addressKeys(to, cc));
    const replyTo = addressList(renderPart('Reply-To', addressEscape('Reply-To')));
    if (replyTo.length > 1)
      note('Reply-To', ids, `takes one address, but gives ${replyTo.length}: ${replyTo.join(', ')}`);
    const html = this.compiled.template.html;
    // Spaces around a subject are noise; line breaks are kept for the checks to refuse.
    const subject = renderPart('Subject', textEscape('Subject', false)).replace(/^[ \t]+|[ \t]+$/g, '');
    const body = renderPart('Body', textEscape('Body', html));
    const mail: RenderedMail = {
      to,
      cc,
      bcc,
      ...(replyTo[0] ? { replyTo: replyTo[0] } : {}),
      subject,
      body,
      html,
      recordIds: ids,
    };
    return { mail, notes };
  }

  private rootView(records: readonly RecordOut[]): View {
    const table = this.compiled.table;
    let root = newView();
    const first = records[0];
    if (table && first) {
      if (this.compiled.usesItems) {
        const items = records.map((r) => this.fill(newView(), table, r));
        root = Object.assign(newView(), items[0]);
        root[ITEMS_KEY] = items;
      } else this.fill(root, table, first);
    }
    if (this.compiled.usesToday) {
      this.todayText ??= formatDate(
        wallClock(this.ctx.nowMs, this.ctx.timeZone).slice(0, 10),
        this.ctx.locale,
      );
      root[TODAY_KEY] = new MergedValue(this.todayText, 'Today', '');
    }
    return root;
  }

  private fill(view: View, table: TableDef, rec: RecordOut): View {
    const needs = this.compiled.needs.get(table.name);
    if (needs)
      for (const need of needs.values())
        view[need.key] =
          need.kind === 'value' ? this.valueOf(table, rec, need) : this.sectionOf(table, rec, need);
    return view;
  }

  private targetTable(field: FieldDef): TableDef | undefined {
    let t = this.targetTables.get(field);
    if (t === undefined) {
      t = (field.references && findTable(this.ctx.schema, field.references)) || null;
      this.targetTables.set(field, t);
    }
    return t ?? undefined;
  }

  /** The record a reference value points to, resolved once per run. */
  private target(field: FieldDef, value: FieldValue): { table: TableDef; rec: RecordOut } | undefined {
    if (typeof value !== 'string' || !value.trim()) return undefined;
    const table = this.targetTable(field);
    if (!table) return undefined;
    const id = value.trim();
    let byId = this.records.get(table);
    if (!byId) this.records.set(table, (byId = new Map()));
    let rec = byId.get(id);
    if (rec === undefined) {
      rec = this.ctx.resolve(table.name, id) ?? null;
      byId.set(id, rec);
    }
    return rec ? { table, rec } : undefined;
  }

  /** Walk a path's reference steps; the last step is read by the caller. */
  private follow(
    table: TableDef,
    rec: RecordOut,
    need: Need,
  ): { table: TableDef; rec: RecordOut } | undefined {
    let at = { table, rec };
    for (let i = 0; i < need.steps.length - 1; i++) {
      const step = need.steps[i]!;
      if (step.kind !== 'field') return undefined;
      const next = this.target(step.field, at.rec.values[step.field.name] ?? null);
      if (!next) return undefined;
      at = next;
    }
    return at;
  }

  private currencyOf(table: TableDef, rec: RecordOut): string | undefined {
    const field = currencyFieldOf(table);
    const v = field && rec.values[field.name];
    return typeof v === 'string' ? v : undefined;
  }

  /** A reference shows as its record's display value, formatted like any other value. */
  private label(rec: RecordOut, field: FieldDef, raw: FieldValue): string {
    if (isEmptyInput(raw)) return '';
    const t = this.target(field, raw);
    if (t) {
      const display = t.table.fields.find((f) => f.name === t.table.displayField);
      const text = display
        ? formatFieldValue(
            display,
            t.rec.values[display.name] ?? null,
            this.ctx,
            this.currencyOf(t.table, t.rec),
          )
        : '';
      return text || t.rec.id;
    }
    return rec.labels[field.name] || valueText(raw);
  }

  private valueOf(table: TableDef, rec: RecordOut, need: Need): MergedValue {
    const last = need.steps[need.steps.length - 1]!;
    const field = last.kind === 'field' ? last.field : undefined;
    const at = this.follow(table, rec, need);
    if (!at) return new MergedValue('', need.path, rec.id, field);
    if (!field) return new MergedValue(at.rec.id, need.path, rec.id);
    const raw = at.rec.values[field.name] ?? null;
    const text =
      field.type === 'reference'
        ? this.label(at.rec, field, raw)
        : formatFieldValue(field, raw, this.ctx, this.currencyOf(at.table, at.rec));
    return new MergedValue(text, need.path, rec.id, field);
  }

  /** What `{{#...}}` sees: present or not, or the referenced record's own view to look names up in. */
  private sectionOf(table: TableDef, rec: RecordOut, need: Need): unknown {
    const at = this.follow(table, rec, need);
    if (!at) return false;
    const last = need.steps[need.steps.length - 1]!;
    if (last.kind === 'id') return at.rec.id !== '';
    const raw = at.rec.values[last.field.name] ?? null;
    if (last.field.type === 'reference') {
      const t = this.target(last.field, raw);
      return t ? this.targetView(t.table, t.rec) : false;
    }
    if (last.field.type === 'yes/no') return raw === true;
    return !isEmptyInput(raw);
  }

  private targetView(table: TableDef, rec: RecordOut): View {
    let view = this.targetViews.get(rec);
    if (!view) {
      // Cached before it is filled, so records that reference each other do not recurse forever.
      view = newView();
      this.targetViews.set(rec, view);
      this.fill(view, table, rec);
    }
    return view;
  }
}

/** The mails of a merge, one per record or per group. */
export function renderMails(
  template: MailTemplate,
  records: readonly RecordOut[],
  ctx: MergeContext,
): RenderedMail[] {
  return new MailRenderer(template, ctx).renderAll(records).map((o) => o.mail);
}

/** One mail for one record, or for one group of records. */
export function renderMail(
  template: MailTemplate,
  records: RecordOut | readonly RecordOut[],
  ctx: MergeContext,
): RenderedMail {
  const list: readonly RecordOut[] = Array.isArray(records) ? records : [records as RecordOut];
  return new MailRenderer(template, ctx).render(list).mail;
}
