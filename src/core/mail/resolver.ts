/**
 * The bridge from snapshots to rendering: a resolver over the tables a decision read, and the
 * merge context from the host's environment. Kept apart from render.ts, which never sees a snapshot.
 */
import { recordAt, view, type RecordOut, type Snapshots } from '../records';
import { findTable } from '../schema';
import type { MergeContext, RecordResolver } from './render';

/**
 * Referenced records, with their confidential fields: a template that is allowed to merge one
 * needs its value, and the checks make sure no other template does.
 */
export function snapshotResolver(snap: Snapshots): RecordResolver {
  return (table: string, id: string): RecordOut | undefined => {
    const def = findTable(snap.schema, table);
    if (!def || !snap.tables.has(def.name)) return undefined;
    const v = view(snap, def);
    const row = v.rowOfId.get(id.trim());
    return row === undefined ? undefined : recordAt(snap, v, row);
  };
}

export function mergeContext(snap: Snapshots, opts: { currency?: string } = {}): MergeContext {
  return {
    schema: snap.schema,
    locale: snap.env.locale,
    timeZone: snap.env.timeZone,
    nowMs: snap.env.nowMs,
    resolve: snapshotResolver(snap),
    ...(opts.currency ? { currency: opts.currency } : {}),
  };
}
