import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LocalDocumentOptions } from '../../src/hosts/local';

/** A fixed user, zone and clock: 2026-03-29 12:00 in Rome (CEST, the day DST starts). */
export const FIXED: LocalDocumentOptions = {
  user: 'anna@example.com',
  timeZone: 'Europe/Rome',
  now: () => Date.parse('2026-03-29T10:00:00Z'),
  lockTimeoutMs: 2_000,
};

export async function tempDir(
  prefix = 'backoffice-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** A live process we control, whose pid can own a lock file. */
export function liveProcess(): { pid: number; stop: () => void } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill() };
}

/** The pid of a process that has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}
