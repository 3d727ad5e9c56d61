// Types for manifest-checks.mjs (plain ESM so `npm run validate` runs without a compile step).

/** The outcome of one manifest check: every problem at once, plus notes that do not fail it. */
export interface CheckResult {
  name: string;
  ok: boolean;
  errors: string[];
  notes: string[];
}

export const REPO_ROOT: string;
export const EXPECTED_OAUTH_SCOPES: readonly string[];
export const CLASP_ROOT_DIR: string;
export const DEV_ORIGIN: string;
export const REQUIRED_EXCEL_API: string;

export function sharedSchemasDir(repoRoot?: string): string;
export function schemasAvailable(schemasDir?: string): boolean;
export function xmllintAvailable(): boolean;

export function checkAppsScriptManifest(
  manifest: unknown,
  options?: { schemasDir?: string; name?: string },
): CheckResult;
export function checkAppsScriptManifestFile(
  file: string,
  options?: { schemasDir?: string; name?: string },
): CheckResult;
export function checkClaspConfig(
  config: unknown,
  options?: { schemasDir?: string; name?: string },
): CheckResult;
export function checkClaspConfigFile(
  file: string,
  options?: { schemasDir?: string; name?: string },
): CheckResult;

export interface OfficeHandCheckOptions {
  /** The origin every URL must use; defaults to DEV_ORIGIN. */
  origin?: string;
  /** The folder the origin serves (addon/office, dist/office): URLs must name files there. */
  siteDir?: string;
  /** commands.ts: every FunctionName must be registered there with Office.actions.associate. */
  commandsFile?: string;
}

export function xsdErrors(file: string, schemasDir?: string): string[];
export function manifestOrigin(xml: string): string | undefined;
export function officeManifestHandErrors(xml: string, options?: OfficeHandCheckOptions): string[];
export function checkOfficeManifest(
  file: string,
  options?: OfficeHandCheckOptions & { schemasDir?: string; name?: string },
): CheckResult;
export function checkAllManifests(options?: { repoRoot?: string; schemasDir?: string }): CheckResult[];
