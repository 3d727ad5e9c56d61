/**
 * Reading and saving the .xlsx file. A save writes a temporary file in the same folder and renames
 * it over the original: rename within one file system is atomic on POSIX (rename(2)), so a reader,
 * or a crash, sees the old workbook or the new one, never half of one.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { chmod, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { RegisterError } from '../../core/errors';
import { keepValidationRangesOnRead } from './validations';

/** Identifies one version of the file: a save by rename always changes the inode. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
}

export interface LoadedWorkbook {
  workbook: ExcelJS.Workbook;
  /** null: there was no file, and the workbook is a new empty one. */
  stamp: FileStamp | null;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

function stampOf(info: { ino: number; size: number; mtimeMs: number; mode: number }): FileStamp {
  return { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode };
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export async function currentStamp(file: string): Promise<FileStamp | null> {
  try {
    return stampOf(await stat(file));
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    throw e;
  }
}

export function emptyWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Backoffice Register';
  return wb;
}

/** Load the workbook; a file that does not exist is an empty workbook. */
export async function loadWorkbook(file: string): Promise<LoadedWorkbook> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if (errno(e) === 'ENOENT') return { workbook: emptyWorkbook(), stamp: null };
    throw e;
  }
  try {
    // Stat and read through one handle, so the stamp belongs to the bytes read even if the file
    // is replaced meanwhile.
    const info = await handle.stat();
    const buffer = await handle.readFile();
    keepValidationRangesOnRead();
    const workbook = new ExcelJS.Workbook();
    try {
      // ExcelJS declares its own Buffer type; Node's is what it reads.
      await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    } catch (e) {
      throw new RegisterError(
        'usage',
        `${path.basename(file)} is not an Excel workbook that can be read (.xlsx): ${(e as Error).message}`,
      );
    }
    return { workbook, stamp: stampOf(info) };
  } finally {
    await handle.close();
  }
}

/**
 * Save over `file`, provided it is still the version `expected` that was read (a program that
 * ignores our lock, such as Excel saving the same file, would otherwise lose its change). Returns
 * the stamp of the saved file: taken from the temporary file, which the rename keeps (same inode,
 * size and modification time), so it cannot describe a file someone else saved after us.
 */
export async function saveWorkbook(
  file: string,
  workbook: ExcelJS.Workbook,
  expected: FileStamp | null,
): Promise<FileStamp> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const buffer = await workbook.xlsx.writeBuffer();
  const handle = await open(temp, 'wx');
  let saved: FileStamp;
  try {
    try {
      await handle.writeFile(new Uint8Array(buffer as ArrayBuffer));
      // Flush to disk before the rename makes it the register.
      await handle.sync();
      saved = stampOf(await handle.stat());
    } finally {
      await handle.close();
    }
    const now = await currentStamp(file);
    if (!sameStamp(now, expected))
      throw new RegisterError(
        'conflict',
        `${path.basename(file)} was changed by another program while this change was being made (is it open in Excel?). Nothing was saved; try again.`,
      );
    if (expected) {
      await chmod(temp, expected.mode & 0o7777);
      saved.mode = expected.mode;
    }
    try {
      await rename(temp, file);
    } catch (e) {
      // Windows refuses to replace a file another program holds open.
      if (errno(e) === 'EPERM' || errno(e) === 'EBUSY' || errno(e) === 'EACCES')
        throw new RegisterError(
          'busy',
          `${path.basename(file)} is open in another program; close it and try again.`,
        );
      throw e;
    }
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncFolder(dir);
  return saved;
}

/** Make the rename itself durable (fsync of the directory); not possible on every platform. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic.
  }
}
