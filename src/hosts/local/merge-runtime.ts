/**
 * What a mail merge needs to know about the local host beyond the document and the mailer: who owns
 * a run and when another run's marker is dead. Shared by the CLI and the workbench, which may run
 * merges on the same workbook at the same time (each refuses while the other's marker is live).
 *
 * Typed structurally, not as service's `MergeRuntime`: hosts implement ports and do not import the
 * service layer (DESIGN.md, Layout). The result is a `Partial<MergeRuntime>` as it stands.
 */
import os from 'node:os';
import { olderThan, type MergeMarker } from '../../core/merge/marker';
import { isProcessAlive } from './file-lock';

/**
 * A marker this host cannot check the process of (written by another kind of host, or typed into
 * the cell) is judged as Apps Script judges its own: no run outlives one 6-minute execution. The same
 * figure as service's APPS_SCRIPT_EXECUTION_MS, repeated here because of the layering above.
 */
const FOREIGN_MARKER_MAX_AGE_MS = 6 * 60 * 1000;

export interface LocalMergeRuntime {
  /** `local:<pid>@<host>`, written into the running marker. */
  owner: string;
  isStale: (marker: MergeMarker, nowMs: number) => boolean;
}

/**
 * A run on this machine is dead when its process is gone. A marker from another machine (a register
 * on a shared folder) is never judged dead, as with the file lock: its process cannot be seen from
 * here. `overrides` adds or replaces runtime fields (a clock, a budget, a progress callback).
 */
export function localMergeRuntime<T extends object = Record<never, never>>(
  overrides?: T,
): LocalMergeRuntime & T {
  const host = os.hostname();
  const foreignIsStale = olderThan(FOREIGN_MARKER_MAX_AGE_MS);
  const base: LocalMergeRuntime = {
    owner: `local:${process.pid}@${host}`,
    isStale: (m, nowMs) => {
      const local = /^local:(\d+)@(.*)$/.exec(m.owner);
      if (!local) return foreignIsStale(m, nowMs);
      const pid = Number(local[1]);
      return local[2] === host && pid !== process.pid && !isProcessAlive(pid);
    },
  };
  return { ...base, ...overrides } as LocalMergeRuntime & T;
}
