/**
 * The register document the workbench edits: the local .xlsx host, one instance for the server's
 * lifetime (it re-reads the file under its lock on every change, so other programs' edits are seen).
 */
import { openLocalDocument } from '../hosts/local';
import type { AsyncDocument } from '../ports';

export function openWorkbookDocument(file: string): AsyncDocument {
  return openLocalDocument(file);
}
