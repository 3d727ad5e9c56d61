/** What every view needs, handed down once instead of prop by prop. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Rpc } from '../src/service/rpc-contract';
import type { SchemaInfo } from '../src/service/register';
import type { RecordStore } from './data/store';
import type { Messages } from './i18n';
import type { RecordRef, SheetNavigation } from './navigation';

export interface SidebarContext {
  rpc: Rpc;
  schema: SchemaInfo;
  store: RecordStore;
  t: Messages;
  navigation: SheetNavigation | undefined;
  /** Open a record's form on top of the current view (one getRecord). */
  openRecord(ref: RecordRef): void;
  /** Open an empty form for a new record of a table (no round trip). */
  newRecord(table: string): void;
  /** Close the top form and go back to where it was opened from. */
  closeTop(): void;
}

export const Sidebar = createContext<SidebarContext | null>(null);

export function useSidebar(): SidebarContext {
  const ctx = useContext(Sidebar);
  if (!ctx) throw new Error('useSidebar outside <Sidebar.Provider>');
  return ctx;
}
