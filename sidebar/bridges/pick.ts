/**
 * Which host is the sidebar running in? The host announces itself by what it puts on `window`:
 * Apps Script's google.script.run, the Excel task pane's `backofficeRpc`, or nothing (the workbench
 * serves the page and answers over HTTP).
 */
import type { Rpc } from '../../src/service/rpc-contract';
import type { SheetNavigation } from '../navigation';
import { fetchBridge } from './fetch';
import { gasBridge, type ScriptRunner } from './gas';
import { inProcessBridge } from './in-process';

export type HostKind = 'gas' | 'office' | 'workbench';

/** What a host may put on the sidebar's window before the sidebar script runs. */
export interface SidebarWindow {
  google?: { script?: { run?: ScriptRunner } };
  backofficeRpc?: Rpc;
  /** Optional capability: sheet navigation (see navigation.ts). */
  backofficeSheet?: SheetNavigation;
}

export interface Bridge {
  host: HostKind;
  rpc: Rpc;
  navigation?: SheetNavigation;
}

export function pickBridge(win: SidebarWindow): Bridge {
  const navigation = win.backofficeSheet;
  const withNavigation = (b: Bridge): Bridge => (navigation ? { ...b, navigation } : b);
  const run = win.google?.script?.run;
  if (run) return withNavigation({ host: 'gas', rpc: gasBridge(run) });
  if (win.backofficeRpc) return withNavigation({ host: 'office', rpc: inProcessBridge(win.backofficeRpc) });
  return withNavigation({ host: 'workbench', rpc: fetchBridge() });
}
