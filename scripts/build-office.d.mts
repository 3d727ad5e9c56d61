// Types for build-office.mjs, which scripts/build.mjs and test/manifests.test.ts import.

export const DEFAULT_ORIGIN: string;

/** Returns `origin` when it is an https origin with no path, query or trailing slash; throws otherwise. */
export function assertHttpsOrigin(origin: unknown): string;

/** Returns the trimmed client ID when it is a GUID or empty (not configured); throws otherwise. */
export function assertClientId(clientId: unknown): string;

/** Replaces https://localhost:3000 in manifest XML with `origin` (validated first). */
export function rewriteManifestOrigin(xml: string, origin: string): string;

/**
 * Bundles taskpane.ts and commands.ts, copies the pages and assets and writes manifest.xml for `origin`
 * into `outDir` (relative to the repository root unless absolute; default dist/office).
 * `origin` defaults to $OFFICE_ORIGIN, then https://localhost:3000; `clientId` (the Azure app registration
 * the Graph mail signs in with) to $OFFICE_CLIENT_ID, then '' (mail not configured).
 */
export function buildOffice(options?: {
  outDir?: string;
  origin?: string;
  clientId?: string;
}): Promise<{ files: string[] }>;
