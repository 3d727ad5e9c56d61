/**
 * One lock per register file: `<file>.lock`, created with O_CREAT|O_EXCL (`fs.open(path, 'wx')`),
 * which succeeds for exactly one process even when several race for it. The lock records who holds
 * it, so a waiting program can say so, and so a lock left behind by a program that died can be
 * recognised and taken over.
 */
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RegisterError } from '../../core/errors';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface LockOptions {
  timeoutMs: number;
  /** The register's name, for the message. */
  name: string;
  /** Retry delay bounds; tests keep them short. */
  retryMs?: [min: number, max: number];
}

export interface HeldLock {
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock file still being written by its creator may be empty for a moment: give it this long. */
const UNREADABLE_GRACE_MS = 5_000;

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string')
      return { pid: o.pid, host: o.host, since: o.since };
  } catch {
    // Not JSON: see isStale.
  }
  return undefined;
}

/**
 * Whether a process is alive: signal 0 checks existence and permission without sending anything
 * (Node docs, process.kill: "a signal of 0 can be used to test for the existence of a process").
 * EPERM means it exists but belongs to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock is stale when its owner is a process on this host that no longer exists (it crashed or
 * was killed before its `finally` ran). A lock from another host (a shared folder) is never judged
 * stale: we cannot see that host's processes, so we wait for it like for any live owner.
 */
function isStale(owner: LockOwner | undefined, ageMs: number): boolean {
  if (!owner) return ageMs > UNREADABLE_GRACE_MS;
  return owner.host === os.hostname() && owner.pid !== process.pid && !isProcessAlive(owner.pid);
}

async function readOwner(
  lockPath: string,
): Promise<{ owner?: LockOwner; ageMs: number; text: string } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const owner = parseOwner(text);
    return { ...(owner ? { owner } : {}), ageMs: Date.now() - info.mtimeMs, text };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Remove a stale lock without ever removing a fresh one: two waiters may both judge the same lock
 * stale, and the quicker one may already hold a new lock by the time the slower one acts. So the
 * lock is first renamed aside (atomic), then checked: if what was moved is not the stale lock we
 * judged, it is put back with `link`, which fails rather than overwrite a lock taken meanwhile.
 */
async function takeOver(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== staleText) await link(aside, lockPath).catch(() => undefined);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another program';
  const where = owner.host === os.hostname() ? '' : ` on ${owner.host}`;
  return `another program (pid ${owner.pid}${where} since ${owner.since})`;
}

/** Take the lock, waiting up to `timeoutMs`; a RegisterError('busy') when it stays held. */
export async function acquireLock(lockPath: string, opts: LockOptions): Promise<HeldLock> {
  const [minWait, maxWait] = opts.retryMs ?? [50, 100];
  const deadline = Date.now() + opts.timeoutMs;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  // The nonce tells two locks of one process apart (two documents over one file in one program).
  const text = JSON.stringify({ ...me, nonce: randomBytes(6).toString('hex') });
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      return { release: () => releaseLock(lockPath, text) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new RegisterError('usage', `The folder ${path.dirname(lockPath)} does not exist`);
        throw e;
      }
    }
    const held = await readOwner(lockPath);
    if (!held) continue; // Released between our open and our read: try again at once.
    if (isStale(held.owner, held.ageMs)) {
      await takeOver(lockPath, held.text);
      continue;
    }
    if (Date.now() >= deadline)
      throw new RegisterError(
        'busy',
        `The register ${opts.name} is being changed by ${describeOwner(held.owner)}; try again in a moment.`,
        [],
        held.owner ? { lock: held.owner } : undefined,
      );
    await sleep(minWait + Math.random() * (maxWait - minWait));
  }
}

/**
 * Remove the lock if it is still ours (it could have been taken over were we presumed dead). Never
 * throws: it runs in a `finally`, and a lock we fail to remove becomes stale when we exit.
 */
async function releaseLock(lockPath: string, text: string): Promise<void> {
  try {
    if ((await readFile(lockPath, 'utf8')) === text) await unlink(lockPath);
  } catch {
    // See above.
  }
}
