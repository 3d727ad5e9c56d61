/**
 * "A merge is running": one value in the hidden _Register sheet, written when a run starts sending
 * and cleared when it ends. Sends happen outside the document lock (a send can take seconds), so
 * the lock alone cannot stop a second merge from planning the same mails; this marker does.
 *
 * A run that dies (Apps Script's 6-minute kill, a crashed or killed process) cannot clear it: the
 * host decides when a marker is stale and may be taken over (service/merge-driver.ts, `isStale`).
 */
import { cellText, type Cell } from '../cells';
import { RegisterError } from '../errors';
import { wallClock } from '../time';

export const MERGE_MARKER_KEY = 'merge running';

export interface MergeMarker {
  /** This run's ID: each write of the run checks the marker is still its own. */
  run: string;
  template: string;
  /** Who started it (their email). */
  by: string;
  sinceMs: number;
  /** Where it runs, for the host's liveness check: 'gas', 'memory', 'local:<pid>@<host>'. */
  owner: string;
}

export function formatMarker(m: MergeMarker): string {
  return JSON.stringify(m);
}

/** The marker in a cell; '' is none. A cell someone typed into is a marker of unknown age (stale). */
export function parseMarker(cell: Cell | undefined): MergeMarker | null {
  const text = cellText(cell).trim();
  if (!text) return null;
  try {
    const o = JSON.parse(text) as Partial<MergeMarker>;
    if (typeof o === 'object' && o !== null && typeof o.run === 'string')
      return {
        run: o.run,
        template: String(o.template ?? ''),
        by: String(o.by ?? ''),
        sinceMs: Number(o.sinceMs) || 0,
        owner: String(o.owner ?? ''),
      };
  } catch {
    // Fall through: an unreadable marker.
  }
  return { run: '?', template: '', by: '', sinceMs: 0, owner: '' };
}

/** Apps Script and memory: a run cannot outlive one execution, so a marker older than that is dead. */
export function olderThan(maxAgeMs: number): (m: MergeMarker, nowMs: number) => boolean {
  return (m, nowMs) => nowMs - m.sinceMs > maxAgeMs;
}

/** The refusal a second merge gets while another one runs. */
export function mergeRunning(m: MergeMarker, timeZone: string): RegisterError {
  const since =
    m.sinceMs > 0 ? wallClock(m.sinceMs, timeZone).replace('T', ' ').slice(0, 16) : 'an unknown time';
  return new RegisterError(
    'busy',
    `A mail merge${m.template ? ` of "${m.template}"` : ''} started by ${m.by || 'someone'} at ${since} is still running. Nothing was sent: wait for it to finish, then run yours (it sends only what is still unsent).`,
    [],
    { running: m },
  );
}
