/**
 * One register document shared by every request of the workbench, with its locked operations taken
 * one at a time. The local host's lock is a lock file plus a re-entrancy count on the instance, so
 * two requests overlapping on one instance would see the count held and skip the file lock: the
 * second save then fails ("changed by another program"). That overlap is ordinary here: a merge
 * from the sidebar takes the lock once per mail while the person keeps editing records or builds
 * summaries. Other programs (the CLI, Excel) are still kept out by the lock file itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AsyncDocument } from '../ports';

export function serializeLocks(doc: AsyncDocument): AsyncDocument {
  // Marks the async context of the operation holding the lock, so its own nested calls go straight in.
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<void> = Promise.resolve();

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return doc.withLock(fn);
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await holding.run(true, () => doc.withLock(fn));
    } finally {
      release();
    }
  }

  const serialized: AsyncDocument = {
    kind: doc.kind,
    env: () => doc.env(),
    withLock,
    sheetNames: () => doc.sheetNames(),
    // Reads take no lock (read-only use cases such as mergeStatus must not wait behind a merge).
    read: (sheets) => doc.read(sheets),
    // A plan applied outside an operation takes the lock, so it queues like any other.
    apply: (plan) => (holding.getStore() ? doc.apply(plan) : withLock(() => doc.apply(plan))),
  };
  const select = doc.select?.bind(doc);
  const activeCell = doc.activeCell?.bind(doc);
  if (select) serialized.select = select;
  if (activeCell) serialized.activeCell = activeCell;
  return serialized;
}
