/**
 * A template, compiled once per merge: each part parsed by mustache, every placeholder resolved
 * against the register's schema (case-insensitively, the way fields are matched everywhere else)
 * and renamed to a key of the view that `render.ts` builds. Resolving here is what lets the checks
 * name an unknown or confidential field before a single mail is rendered, and lets rendering
 * compute only the values a template actually uses.
 */
import type { FieldProblem } from '../errors';
import { findField, findTable, type FieldDef, type Schema, type TableDef } from '../schema';
import { parseTokens, type Token } from './engine';
import { closestName } from './suggest';
import { partText, TEMPLATE_FIELD, TEMPLATE_PARTS, type MailTemplate, type TemplatePart } from './template';

/** One step of a placeholder path: a field, or the record's ID (`{{ID}}`, `{{Supplier.ID}}`). */
export type Step = { kind: 'field'; field: FieldDef } | { kind: 'id' };

/**
 * A value the view of a record must hold. `value` needs are merge text; `section` needs are what
 * `{{#...}}` tests or iterates (true/false, or the referenced record's own view).
 */
export interface Need {
  key: string;
  kind: 'value' | 'section';
  steps: Step[];
  /** The canonical path as a user would write it, e.g. `Supplier.Name`, for messages. */
  path: string;
}

export interface CompiledPart {
  part: TemplatePart;
  source: string;
  /** Null when the part did not parse: it is then shown as written, and a problem says why. */
  tokens: Token[] | null;
}

export interface CompiledTemplate {
  template: MailTemplate;
  /** The merged table; undefined when the template names no table of Setup. */
  table?: TableDef;
  groupBy?: FieldDef;
  parts: Record<TemplatePart, CompiledPart>;
  /** Needs by table name: every view of a record of that table holds these keys. */
  needs: Map<string, Map<string, Need>>;
  usesItems: boolean;
  usesToday: boolean;
  /** Problems of the template itself: they hold for every record merged with it. */
  problems: FieldProblem[];
}

// View keys never contain '.', which mustache would split into a path of its own.
const SEP = '\u001f';
export const TODAY_KEY = 'v:@today';
export const ITEMS_KEY = 's:@items';
const UNKNOWN_PREFIX = '?:';

export function needKey(kind: Need['kind'], canonical: readonly string[]): string {
  return `${kind === 'value' ? 'v:' : 's:'}${canonical.join(SEP)}`;
}

interface Scope {
  table: TableDef;
}

interface SectionFrame {
  /** The section's own path: `{{.}}` inside it merges that value. */
  resolved?: Resolved;
}

interface Resolved {
  table: TableDef;
  steps: Step[];
  canonical: string[];
  /** Where a `{{#...}}` section on this path takes the lookups: the referenced table. */
  target?: TableDef;
}

function resolvePath(schema: Schema, table: TableDef, segments: readonly string[]): Resolved | undefined {
  const steps: Step[] = [];
  const canonical: string[] = [];
  let t = table;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!.trim();
    const last = i === segments.length - 1;
    if (seg.toLowerCase() === 'id') {
      if (!last) return undefined;
      steps.push({ kind: 'id' });
      canonical.push('ID');
      break;
    }
    const field = findField(t, seg);
    if (!field) return undefined;
    steps.push({ kind: 'field', field });
    canonical.push(field.name);
    if (!last) {
      const target = field.type === 'reference' && field.references && findTable(schema, field.references);
      if (!target) return undefined;
      t = target;
    }
  }
  const lastStep = steps[steps.length - 1];
  const target =
    lastStep?.kind === 'field' && lastStep.field.type === 'reference' && lastStep.field.references
      ? findTable(schema, lastStep.field.references)
      : undefined;
  return { table, steps, canonical, ...(target ? { target } : {}) };
}

/** Names a user could have meant: the fields of every table in scope and one step through references. */
function candidates(schema: Schema, scopes: readonly Scope[], section: boolean): Set<string> {
  const out = new Set<string>(['ID', section ? 'items' : 'Today']);
  for (const { table } of scopes) {
    for (const f of table.fields) {
      out.add(f.name);
      const target = f.type === 'reference' && f.references ? findTable(schema, f.references) : undefined;
      if (!target) continue;
      out.add(`${f.name}.ID`);
      for (const g of target.fields) out.add(`${f.name}.${g.name}`);
    }
  }
  return out;
}

/** "line 3" for an offset in a template part, for parse errors. */
function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source[i] === '\n') line++;
  return line;
}

class Compiler {
  readonly problems: FieldProblem[] = [];
  readonly needs = new Map<string, Map<string, Need>>();
  usesItems = false;
  usesToday = false;
  private readonly reported = new Set<string>();
  private readonly allowed: Set<string>;

  constructor(
    private readonly schema: Schema,
    private readonly template: MailTemplate,
    private readonly root: TableDef | undefined,
  ) {
    this.allowed = new Set(template.confidentialAllowed.map((s) => s.trim().toLowerCase()));
  }

  problem(field: string, message: string): void {
    const key = `${field}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ field, message });
  }

  private need(resolved: Resolved, kind: Need['kind']): string {
    const key = needKey(kind, resolved.canonical);
    let byKey = this.needs.get(resolved.table.name);
    if (!byKey) this.needs.set(resolved.table.name, (byKey = new Map()));
    if (!byKey.has(key))
      byKey.set(key, { key, kind, steps: resolved.steps, path: resolved.canonical.join('.') });
    // A reference section's body is looked up in the referenced record's view: it must exist
    // even if the section uses none of its fields.
    if (kind === 'section' && resolved.target && !this.needs.has(resolved.target.name))
      this.needs.set(resolved.target.name, new Map());
    return key;
  }

  private checkConfidential(part: TemplatePart, written: string, resolved: Resolved): void {
    const path = resolved.canonical.join('.');
    for (const step of resolved.steps) {
      if (step.kind !== 'field' || !step.field.confidential) continue;
      const f = step.field;
      const names = [path, f.name, `${f.table}.${f.name}`].map((s) => s.toLowerCase());
      if (names.some((n) => this.allowed.has(n))) continue;
      this.problem(
        part,
        `{{${written}}} merges ${f.table}.${f.name}, which is confidential: add "${f.name}" to "${TEMPLATE_FIELD.confidentialAllowed}" if this mail may carry it`,
      );
    }
  }

  /** Resolve a placeholder from the innermost scope out, as mustache looks names up. */
  private resolve(
    part: TemplatePart,
    name: string,
    scopes: readonly Scope[],
    kind: Need['kind'],
  ): { key: string; resolved?: Resolved } {
    const written = name.trim();
    const unknown = { key: `${UNKNOWN_PREFIX}${written}` };
    if (!this.root) return unknown; // the Table problem already says why nothing resolves
    if (!written) {
      this.problem(part, 'has an empty placeholder {{}}');
      return unknown;
    }
    const segments = written.split('.');
    for (let i = scopes.length - 1; i >= 0; i--) {
      const resolved = resolvePath(this.schema, scopes[i]!.table, segments);
      if (!resolved) continue;
      this.checkConfidential(part, written, resolved);
      return { key: this.need(resolved, kind), resolved };
    }
    const lower = written.toLowerCase();
    if (kind === 'value' && lower === 'today') {
      this.usesToday = true;
      return { key: TODAY_KEY };
    }
    if (kind === 'value' && lower === 'items') {
      this.problem(
        part,
        '{{items}} is the list of grouped records: use {{#items}}...{{/items}} around the text to repeat',
      );
      return unknown;
    }
    const scope = scopes[scopes.length - 1]!.table;
    const suggestion = closestName(written, candidates(this.schema, scopes, kind === 'section'));
    const tag = kind === 'section' ? `{{#${written}}}` : `{{${written}}}`;
    this.problem(
      part,
      `${tag}: "${written}" is not a field of ${scope.name}${suggestion ? `; did you mean {{${kind === 'section' ? '#' : ''}${suggestion}}}?` : ''}`,
    );
    return unknown;
  }

  /** Copy a token tree with every name resolved; the parse cache's own tokens are never changed. */
  walk(part: TemplatePart, tokens: readonly Token[], scopes: Scope[], frames: SectionFrame[]): Token[] {
    const out: Token[] = [];
    for (const token of tokens) {
      const [type, value, start, end] = token;
      if (type === 'text' || type === '!' || type === '=') {
        out.push(token);
      } else if (type === 'name' || type === '&') {
        // Every value goes through our escape function (HTML bodies can never be bypassed with
        // {{{...}}} or {{&...}}; blanks are noticed): so every value token becomes a 'name' token.
        let key: string;
        if (value === '.') {
          const frame = frames[frames.length - 1];
          if (frame?.resolved) key = this.need(frame.resolved, 'value');
          else {
            this.problem(part, '{{.}} only works inside a section such as {{#Field}}...{{/Field}}');
            key = `${UNKNOWN_PREFIX}.`;
          }
        } else key = this.resolve(part, value, scopes, 'value').key;
        out.push(['name', key, start, end]);
      } else if (type === '#' || type === '^') {
        const children = token[4] as Token[];
        const lower = value.trim().toLowerCase();
        if (lower === 'items' && this.root && !scopes.some((s) => findField(s.table, 'items'))) {
          this.usesItems = true;
          const inner = type === '#' ? [...scopes, { table: this.root }] : scopes;
          const innerFrames = type === '#' ? [...frames, {}] : frames;
          out.push([type, ITEMS_KEY, start, end, this.walk(part, children, inner, innerFrames), token[5]]);
          continue;
        }
        const { key, resolved } = this.resolve(part, value, scopes, 'section');
        let inner = scopes;
        let innerFrames = frames;
        if (type === '#') {
          if (resolved?.target) inner = [...scopes, { table: resolved.target }];
          // `{{.}}` inside a section is the section's own value, as written in the scope it was opened.
          innerFrames = [...frames, resolved ? { resolved } : {}];
        }
        out.push([type, key, start, end, this.walk(part, children, inner, innerFrames), token[5]]);
      } else if (type === '>') {
        this.problem(part, `{{> ${value}}}: partials are not supported; write the text in the template`);
      }
    }
    return out;
  }
}

function parsePart(part: TemplatePart, source: string, compiler: Compiler): Token[] | null {
  try {
    return parseTokens(source);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const message = raw.replace(/ at (\d+)$/, (_, n: string) => ` (line ${lineOf(source, Number(n))})`);
    compiler.problem(
      part,
      `the placeholders do not balance: ${message}; each {{#Field}} or {{^Field}} needs a matching {{/Field}}, and each {{ its }}`,
    );
    return null;
  }
}

export function compileTemplate(template: MailTemplate, schema: Schema): CompiledTemplate {
  const table = template.table ? findTable(schema, template.table) : undefined;
  const compiler = new Compiler(schema, template, table);
  if (!template.table)
    compiler.problem(TEMPLATE_FIELD.table, 'is empty: name the table this template merges');
  else if (!table) {
    const suggestion = closestName(
      template.table,
      schema.tables.map((t) => t.name),
    );
    compiler.problem(
      TEMPLATE_FIELD.table,
      `"${template.table}" is not a table of Setup${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    );
  }
  if (!template.to.trim()) compiler.problem('To', 'is empty: name at least one recipient');
  if (!template.subject.trim()) compiler.problem('Subject', 'is empty');
  if (!template.body.trim()) compiler.problem('Body', 'is empty');

  let groupBy: FieldDef | undefined;
  if (template.groupBy && table) {
    groupBy = findField(table, template.groupBy);
    if (!groupBy) {
      const suggestion = closestName(
        template.groupBy,
        table.fields.map((f) => f.name),
      );
      compiler.problem(
        TEMPLATE_FIELD.groupBy,
        `"${template.groupBy}" is not a field of ${table.name}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      );
    }
  }
  if (table)
    for (const name of template.confidentialAllowed) {
      if (resolvePath(schema, table, name.split('.'))) continue;
      const [head, ...rest] = name.split('.');
      if (
        rest.length === 1 &&
        findTable(schema, head!.trim()) &&
        findField(findTable(schema, head!)!, rest[0]!)
      )
        continue; // Table.Field form, e.g. Staff.Salary
      const suggestion = closestName(name, candidates(schema, [{ table }], false));
      compiler.problem(
        TEMPLATE_FIELD.confidentialAllowed,
        `"${name}" is not a field of ${table.name}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      );
    }

  const parts = {} as Record<TemplatePart, CompiledPart>;
  for (const part of TEMPLATE_PARTS) {
    const source = partText(template, part);
    const parsed = parsePart(part, source, compiler);
    const scopes = table ? [{ table }] : [];
    parts[part] = { part, source, tokens: parsed && compiler.walk(part, parsed, scopes, []) };
  }
  return {
    template,
    ...(table ? { table } : {}),
    ...(groupBy ? { groupBy } : {}),
    parts,
    needs: compiler.needs,
    usesItems: compiler.usesItems,
    usesToday: compiler.usesToday,
    problems: compiler.problems,
  };
}
