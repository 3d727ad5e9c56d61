/**
 * Who a chase goes to (`Recipient`) and who is copied when it escalates (`Escalate to`): fixed
 * addresses and placeholders such as `{{Owner}}` or `{{Supplier.Email}}`, comma-separated. Paths are
 * resolved against the schema once, when the rule is read, and against each record at planning
 * time, through a resolver for referenced records (looked up once per run).
 */
import { findField, findTable, type FieldDef, type Schema, type TableDef } from '../schema';
import { closestName } from '../mail/suggest';
import { isEmail, parseEmailList, valueText } from '../values';
import type { ChaseRecord } from './condition';

export type AddressItem =
  | { kind: 'address'; address: string }
  /** `fields` are the path's steps: every one but the last is a reference. */
  | { kind: 'path'; path: string; fields: FieldDef[] };

export interface AddressExpr {
  text: string;
  items: AddressItem[];
}

/** Finds a referenced record; the register's `RecordResolver` (mail/render.ts) is one. */
export type ChaseResolver = (table: string, id: string) => ChaseRecord | undefined;

const ADDRESS_TYPES = new Set(['email', 'text']);

function resolvePath(schema: Schema, table: TableDef, path: string, problems: string[]): FieldDef[] | null {
  const fields: FieldDef[] = [];
  let t = table;
  const segments = path.split('.').map((s) => s.trim());
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const field = findField(t, seg);
    if (!field) {
      const suggestion = closestName(
        seg,
        t.fields.map((f) => f.name),
      );
      problems.push(
        `{{${path}}}: "${seg}" is not a field of ${t.name}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      );
      return null;
    }
    fields.push(field);
    const last = i === segments.length - 1;
    const target =
      field.type === 'reference' && field.references ? findTable(schema, field.references) : undefined;
    if (!last) {
      if (!target) {
        problems.push(
          `{{${path}}}: ${t.name}.${field.name} is not a reference, so it has no "${segments[i + 1]}"`,
        );
        return null;
      }
      t = target;
    } else if (target) {
      const email = target.fields.find((f) => f.type === 'email');
      problems.push(
        `{{${path}}} is a ${target.name} record, not an address${email ? `: write {{${path}.${email.name}}}` : ''}`,
      );
      return null;
    } else if (!ADDRESS_TYPES.has(field.type)) {
      problems.push(`{{${path}}} is a ${field.type} field, not an email address`);
      return null;
    }
  }
  return fields;
}

/** Parse an address text; problems are sentences naming the placeholder or address at fault. */
export function parseAddressExpr(
  schema: Schema,
  table: TableDef,
  text: string,
): { expr?: AddressExpr; problems: string[] } {
  const problems: string[] = [];
  const items: AddressItem[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const piece = raw.trim();
    if (!piece) continue;
    const m = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(piece);
    if (m) {
      const fields = resolvePath(schema, table, m[1]!, problems);
      if (fields) items.push({ kind: 'path', path: fields.map((f) => f.name).join('.'), fields });
    } else if (piece.includes('{') || piece.includes('}'))
      problems.push(`"${piece}": write each placeholder as {{Field}}, separated by commas`);
    else if (isEmail(piece)) items.push({ kind: 'address', address: piece });
    else if (findField(table, piece))
      problems.push(`"${piece}" is a field: write {{${findField(table, piece)!.name}}}`);
    else problems.push(`"${piece}" is not an email address or a {{Field}}`);
  }
  if (items.length === 0 && problems.length === 0) problems.push('is empty');
  return problems.length > 0 ? { problems } : { expr: { text: text.trim(), items }, problems };
}

export interface ResolvedAddresses {
  addresses: string[];
  /** Why an item gave no address, e.g. `{{Supplier.Email}} is empty (SUP-0003)`. */
  problems: string[];
}

/**
 * The addresses of an expression for one record, each once (case-insensitively). `cache` holds the
 * referenced records already looked up in this run, keyed by table and ID.
 */
export function resolveAddresses(
  expr: AddressExpr,
  record: ChaseRecord,
  resolve: ChaseResolver | undefined,
  cache: Map<string, ChaseRecord | null>,
): ResolvedAddresses {
  const addresses: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (address: string) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    addresses.push(address);
  };
  for (const item of expr.items) {
    if (item.kind === 'address') {
      add(item.address);
      continue;
    }
    let at: ChaseRecord | null = record;
    for (let i = 0; i < item.fields.length - 1 && at; i++) {
      const field = item.fields[i]!;
      const id = valueText(at.values[field.name] ?? null).trim();
      if (!id) {
        problems.push(`{{${item.path}}}: ${field.name} is empty`);
        at = null;
        break;
      }
      const key = `${field.references}\u0000${id}`;
      let next = cache.get(key);
      if (next === undefined) {
        next = resolve?.(field.references!, id) ?? null;
        cache.set(key, next);
      }
      if (!next) problems.push(`{{${item.path}}}: ${field.references} ${id} was not found`);
      at = next;
    }
    if (!at) continue;
    const last = item.fields[item.fields.length - 1]!;
    const text = valueText(at.values[last.name] ?? null).trim();
    const where = at === record ? '' : ` (${at.id})`;
    if (!text) {
      problems.push(`{{${item.path}}} is empty${where}`);
      continue;
    }
    for (const address of parseEmailList(text)) {
      if (isEmail(address)) add(address);
      else problems.push(`{{${item.path}}}${where} holds "${address}", which is not an email address`);
    }
  }
  return { addresses, problems };
}
