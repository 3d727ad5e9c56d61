// Checks for the project's add-on manifests, shared by scripts/validate-manifests.mjs (`npm run validate`)
// and test/manifests.test.ts. Types: manifest-checks.d.mts.
//
// Each check validates against the publisher's schema from ../shared/schemas (see its README), then adds
// the hand checks those schemas cannot express. A check never throws for a bad manifest: it returns
// { name, ok, errors, notes } so callers can print every problem at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The schemas live beside the project, not in it (../shared/schemas/README.md). */
export function sharedSchemasDir(repoRoot = REPO_ROOT) {
  return path.resolve(repoRoot, '..', 'shared', 'schemas');
}

const SCHEMA_FILES = [
  'appsscript.schema.json',
  'clasp.schema.json',
  'base-04.json',
  'office-manifest/OfficeAppManifestV1_1.xsd',
];

export function schemasAvailable(schemasDir = sharedSchemasDir()) {
  return SCHEMA_FILES.every((file) => existsSync(path.join(schemasDir, file)));
}

export function xmllintAvailable() {
  const result = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
}

function result(name, errors, notes = []) {
  return { name, ok: errors.length === 0, errors, notes };
}

function ajvErrors(errors) {
  return (errors ?? []).map((e) => `schema: ${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------
// appsscript.json

/**
 * The exact scopes the Sheets add-on asks for, narrowest that do the job (DESIGN.md, Hosts). Why each one
 * is needed is in docs/deploy.md; a new scope is a product decision, so a change here must be deliberate.
 */
export const EXPECTED_OAUTH_SCOPES = Object.freeze([
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/script.scriptapp',
  'https://www.googleapis.com/auth/script.send_mail',
  'https://www.googleapis.com/auth/userinfo.email',
]);

/** Top-level keys of the manifest documented at developers.google.com/apps-script/manifest. */
const DOCUMENTED_MANIFEST_KEYS = [
  'addOns',
  'chat',
  'dependencies',
  'exceptionLogging',
  'executionApi',
  'oauthScopes',
  'runtimeVersion',
  'sheets',
  'timeZone',
  'urlFetchWhitelist',
  'webapp',
];

let appsScriptValidator;
function appsScriptValidate(schemasDir) {
  if (appsScriptValidator?.dir !== schemasDir) {
    // Draft-07 is ajv's default. Formats stay unchecked (validateFormats: false): the schema declares
    // urlFetchWhitelist items as `hostname` although they are URL prefixes (schemas README, known gaps).
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(readJson(path.join(schemasDir, 'appsscript.schema.json')));
    appsScriptValidator = { dir: schemasDir, validate };
  }
  return appsScriptValidator.validate;
}

/**
 * Validates an Apps Script manifest object against SchemaStore's schema plus the hand checks the schema
 * cannot make: the exact oauthScopes list, the V8 runtime, no `addOns` (that key configures a Google
 * Workspace add-on, not an editor add-on), and no undocumented (misspelt) top-level keys.
 */
export function checkAppsScriptManifest(
  manifest,
  { schemasDir = sharedSchemasDir(), name = 'appsscript.json' } = {},
) {
  const validate = appsScriptValidate(schemasDir);
  const errors = validate(manifest) ? [] : ajvErrors(validate.errors);
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return result(name, [...errors, 'the manifest must be a JSON object']);
  }

  if (manifest.runtimeVersion !== 'V8') {
    errors.push(`runtimeVersion must be "V8", got ${JSON.stringify(manifest.runtimeVersion)}`);
  }
  const scopes = Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes : [];
  if (!Array.isArray(manifest.oauthScopes)) {
    errors.push('oauthScopes must be listed explicitly (without it Apps Script infers scopes from the code)');
  }
  for (const scope of scopes) {
    if (!EXPECTED_OAUTH_SCOPES.includes(scope)) errors.push(`oauthScopes: unexpected scope ${scope}`);
  }
  for (const scope of EXPECTED_OAUTH_SCOPES) {
    if (!scopes.includes(scope)) errors.push(`oauthScopes: missing scope ${scope}`);
  }
  if (new Set(scopes).size !== scopes.length) errors.push('oauthScopes: a scope is listed twice');
  if ('addOns' in manifest) {
    errors.push(
      'addOns configures a Google Workspace add-on; this is an editor add-on, so it must be absent',
    );
  }
  for (const key of Object.keys(manifest)) {
    if (!DOCUMENTED_MANIFEST_KEYS.includes(key)) errors.push(`unknown top-level key ${JSON.stringify(key)}`);
  }
  return result(name, errors);
}

export function checkAppsScriptManifestFile(file, options = {}) {
  const name = options.name ?? path.relative(REPO_ROOT, file);
  let manifest;
  try {
    manifest = readJson(file);
  } catch (error) {
    return result(name, [`cannot read JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return checkAppsScriptManifest(manifest, { ...options, name });
}

// ---------------------------------------------------------------------------------------------------
// .clasp.json

let claspValidator;
function claspValidate(schemasDir) {
  if (claspValidator?.dir !== schemasDir) {
    // SchemaStore's clasp schema is draft-04 and refers to base-04.json by URL: register the local copy
    // under that URL so nothing is fetched (schemas README).
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    ajv.addSchema(
      readJson(path.join(schemasDir, 'base-04.json')),
      'https://json.schemastore.org/base-04.json',
    );
    const validate = ajv.compile(readJson(path.join(schemasDir, 'clasp.schema.json')));
    claspValidator = { dir: schemasDir, validate };
  }
  return claspValidator.validate;
}

/** Where the Apps Script build writes Code.js, the HTML files and appsscript.json. */
export const CLASP_ROOT_DIR = 'dist/gas';

/**
 * Validates a clasp project file against SchemaStore's schema (scriptId exactly 57 characters), and
 * that it pushes the build output (rootDir dist/gas), never the sources. A placeholder scriptId is a note.
 */
export function checkClaspConfig(config, { schemasDir = sharedSchemasDir(), name = '.clasp.json' } = {}) {
  const validate = claspValidate(schemasDir);
  const errors = validate(config) ? [] : ajvErrors(validate.errors);
  const notes = [];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return result(name, [...errors, 'the clasp project file must be a JSON object']);
  }
  if (config.rootDir !== CLASP_ROOT_DIR) {
    errors.push(
      `rootDir must be "${CLASP_ROOT_DIR}" (the build output), got ${JSON.stringify(config.rootDir)}`,
    );
  }
  if (typeof config.scriptId === 'string' && config.scriptId.startsWith('REPLACE_WITH')) {
    notes.push(
      'scriptId is still the placeholder: put your script ID here before `clasp push` (docs/deploy.md)',
    );
  }
  return result(name, errors, notes);
}

export function checkClaspConfigFile(file, options = {}) {
  const name = options.name ?? path.relative(REPO_ROOT, file);
  let config;
  try {
    config = readJson(file);
  } catch (error) {
    return result(name, [`cannot read JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return checkClaspConfig(config, { ...options, name });
}

// ---------------------------------------------------------------------------------------------------
// manifest.xml (Office add-in)

/** The origin the source manifest is written for; the build replaces it (scripts/build-office.mjs). */
export const DEV_ORIGIN = 'https://localhost:3000';
/** yo office's template Id: a copy that keeps it collides with every other copy in Office's cache. */
const TEMPLATE_ID = '05c2e1c9-3e1d-406e-9a91-e9ac64854143';
/** The Excel API set the product needs (manifest.xml explains why 1.8). */
export const REQUIRED_EXCEL_API = '1.8';
/** Ribbon icons must come in these sizes (learn.microsoft.com/javascript/api/manifest/icon). */
const MANDATORY_ICON_SIZES = ['16', '32', '80'];

/** Runs xmllint against the manifest XSD; returns its complaints, one per line. */
export function xsdErrors(file, schemasDir = sharedSchemasDir()) {
  const xsd = path.join(schemasDir, 'office-manifest', 'OfficeAppManifestV1_1.xsd');
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  if (run.error) {
    return [`xmllint could not run (${run.error.message}): install it with apt-get install -y libxml2-utils`];
  }
  if (run.status === 0) return [];
  const lines = run.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.endsWith('fails to validate'));
  return lines.length > 0 ? lines.map((line) => `xsd: ${line}`) : [`xsd: xmllint exited with ${run.status}`];
}

function decodeXml(value) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A small reader for the manifest's start tags: enough for hand checks on a file that xmllint has already
 * found well formed and valid. Comments are dropped first so the URLs cited in them do not count.
 */
function startTags(xml) {
  const tags = [];
  for (const match of xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .matchAll(/<([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+\s*=\s*"[^"]*")*)\s*\/?>/g)) {
    const attrs = {};
    for (const attr of match[2].matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)) attrs[attr[1]] = decodeXml(attr[2]);
    tags.push({ name: match[1].replace(/^.*:/, ''), prefixed: match[1], attrs });
  }
  return tags;
}

function textOf(xml, element) {
  const stripped = xml.replace(/<!--[\s\S]*?-->/g, '');
  return [...stripped.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((m) =>
    decodeXml(m[1]).trim(),
  );
}

/** The origin of the manifest's DefaultSettings SourceLocation: what a build was made for. */
export function manifestOrigin(xml) {
  const match = /<DefaultSettings>\s*<SourceLocation\s+DefaultValue="([^"]+)"/.exec(
    xml.replace(/<!--[\s\S]*?-->/g, ''),
  );
  if (!match) return undefined;
  try {
    return new URL(decodeXml(match[1])).origin;
  } catch {
    return undefined;
  }
}

function pngSize(file) {
  const bytes = readFileSync(file);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Hand checks on manifest XML that the 2020 XSDs cannot express (they have no key/keyref, and a URL is
 * any xs:anyURI):
 * - every URL is https and on `origin` (so one replacement retargets the build), and a build for another
 *   origin has no localhost left;
 * - every resid names a resource of the right kind, and resource and control ids are unique;
 * - every Icon has the mandatory 16, 32 and 80 px images;
 * - a fresh Id (not the template's), the Workbook host, ExcelApi >= 1.8, ReadWriteDocument;
 * - with `siteDir`: every URL's file exists there, and each icon PNG has the pixel size it claims;
 * - with `commandsFile`: every ExecuteFunction FunctionName is registered with Office.actions.associate.
 */
export function officeManifestHandErrors(xml, { origin = DEV_ORIGIN, siteDir, commandsFile } = {}) {
  const errors = [];
  const tags = startTags(xml);

  // URLs: attribute values and AppDomain text; namespace declarations are names, not locations.
  const urls = [];
  for (const tag of tags) {
    for (const [attr, value] of Object.entries(tag.attrs)) {
      if (!attr.startsWith('xmlns') && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) urls.push(value);
    }
  }
  urls.push(...textOf(xml, 'AppDomain'));
  for (const url of urls) {
    if (url !== origin && !url.startsWith(`${origin}/`)) errors.push(`URL not on ${origin}: ${url}`);
  }
  if (new URL(origin).hostname !== 'localhost' && /localhost/i.test(xml)) {
    errors.push(`the manifest for ${origin} still mentions localhost`);
  }

  // Resources and references.
  const kinds = { Images: 'image', Urls: 'url', ShortStrings: 'short string', LongStrings: 'long string' };
  const resources = new Map();
  const resourcesXml = /<Resources>([\s\S]*)<\/Resources>/.exec(xml)?.[1] ?? '';
  for (const [section, kind] of Object.entries(kinds)) {
    const body = new RegExp(`<bt:${section}>([\\s\\S]*?)</bt:${section}>`).exec(resourcesXml)?.[1] ?? '';
    for (const tag of startTags(body)) {
      if (!tag.attrs.id) continue;
      if (resources.has(tag.attrs.id)) errors.push(`resource id ${tag.attrs.id} is defined twice`);
      resources.set(tag.attrs.id, { kind, value: tag.attrs.DefaultValue ?? '' });
    }
  }
  const expectedKind = {
    Image: 'image',
    SourceLocation: 'url',
    FunctionFile: 'url',
    LearnMoreUrl: 'url',
    Label: 'short string',
    Title: 'short string',
    Description: 'long string',
  };
  for (const tag of tags) {
    const resid = tag.attrs.resid;
    if (resid === undefined) continue;
    const resource = resources.get(resid);
    if (!resource) errors.push(`<${tag.name} resid="${resid}"> names no resource`);
    else if (expectedKind[tag.name] && expectedKind[tag.name] !== resource.kind) {
      errors.push(
        `<${tag.name} resid="${resid}"> needs a ${expectedKind[tag.name]}, but ${resid} is a ${resource.kind}`,
      );
    }
  }
  const controlIds = tags
    .filter((t) => ['Group', 'Control', 'Item'].includes(t.name) && t.attrs.id)
    .map((t) => t.attrs.id);
  for (const id of new Set(controlIds)) {
    if (controlIds.filter((other) => other === id).length > 1) errors.push(`control id ${id} is used twice`);
  }

  // Icons: each <Icon> list needs the mandatory sizes.
  for (const [index, icon] of [
    ...xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<Icon>([\s\S]*?)<\/Icon>/g),
  ].entries()) {
    const sizes = startTags(icon[1]).map((t) => t.attrs.size);
    const missing = MANDATORY_ICON_SIZES.filter((size) => !sizes.includes(size));
    if (missing.length > 0) errors.push(`<Icon> #${index + 1} lacks size ${missing.join(', ')}`);
  }

  // Identity and requirements.
  const id = textOf(xml, 'Id')[0];
  if (id?.toLowerCase() === TEMPLATE_ID)
    errors.push('Id is the yo office template Id: generate a fresh GUID');
  if (!tags.some((t) => t.name === 'Host' && t.attrs.Name === 'Workbook'))
    errors.push('no <Host Name="Workbook"/>');
  const excelApi = tags.find((t) => t.name === 'Set' && t.attrs.Name === 'ExcelApi');
  if (!excelApi) errors.push(`Requirements must declare ExcelApi ${REQUIRED_EXCEL_API}`);
  else if (Number(excelApi.attrs.MinVersion) < Number(REQUIRED_EXCEL_API)) {
    errors.push(
      `ExcelApi MinVersion ${excelApi.attrs.MinVersion} is below ${REQUIRED_EXCEL_API} (data validation)`,
    );
  }
  const permissions = textOf(xml, 'Permissions')[0];
  if (permissions !== 'ReadWriteDocument')
    errors.push(`Permissions must be ReadWriteDocument, got ${permissions}`);

  // Files behind the URLs.
  if (siteDir) {
    const sizeOf = new Map();
    for (const tag of tags) {
      if (tag.name === 'Image' && tag.attrs.resid && tag.attrs.size)
        sizeOf.set(tag.attrs.resid, Number(tag.attrs.size));
    }
    const expected = new Map(); // url -> the pixel sizes it is used at
    const expect = (url, size) => {
      if (url) expected.set(url, new Set([...(expected.get(url) ?? []), size]));
    };
    for (const [resid, size] of sizeOf) expect(resources.get(resid)?.value, size);
    for (const tag of tags) {
      if (tag.name === 'IconUrl') expect(tag.attrs.DefaultValue, 32);
      if (tag.name === 'HighResolutionIconUrl') expect(tag.attrs.DefaultValue, 64);
    }
    for (const url of new Set(urls)) {
      if (url === origin || !url.startsWith(`${origin}/`)) continue;
      const relative = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
      const file = path.join(siteDir, relative);
      if (!relative || !existsSync(file)) {
        errors.push(`${url}: no file ${path.relative(REPO_ROOT, file) || file}`);
        continue;
      }
      const sizes = expected.get(url);
      if (sizes !== undefined) {
        const png = pngSize(file);
        if (!png) errors.push(`${url}: not a PNG`);
        else {
          for (const size of sizes) {
            if (png.width !== size || png.height !== size) {
              errors.push(`${url}: is ${png.width} x ${png.height} px, used as ${size} x ${size}`);
            }
          }
        }
      }
    }
  }

  if (commandsFile) {
    const source = existsSync(commandsFile) ? readFileSync(commandsFile, 'utf8') : '';
    for (const name of textOf(xml, 'FunctionName')) {
      if (!new RegExp(`Office\\.actions\\.associate\\(\\s*['"]${name}['"]`).test(source)) {
        errors.push(
          `FunctionName ${name} is not registered with Office.actions.associate in ${path.basename(commandsFile)}`,
        );
      }
    }
  }
  return errors;
}

/**
 * Validates an Office add-in manifest file: xmllint against Microsoft's XSDs, then the hand checks.
 * `origin` defaults to the origin the manifest itself points at (DEV_ORIGIN for the source manifest).
 */
export function checkOfficeManifest(
  file,
  { schemasDir = sharedSchemasDir(), origin, siteDir, commandsFile, name } = {},
) {
  const label = name ?? path.relative(REPO_ROOT, file);
  if (!existsSync(file)) return result(label, ['file not found']);
  const xml = readFileSync(file, 'utf8');
  const errors = xsdErrors(file, schemasDir);
  const target = origin ?? manifestOrigin(xml) ?? DEV_ORIGIN;
  errors.push(...officeManifestHandErrors(xml, { origin: target, siteDir, commandsFile }));
  return result(label, errors, target === DEV_ORIGIN ? [] : [`built for ${target}`]);
}

// ---------------------------------------------------------------------------------------------------
// Everything `npm run validate` checks.

/** Runs every manifest check that applies to the repository as it is (built outputs only if present). */
export function checkAllManifests({ repoRoot = REPO_ROOT, schemasDir = sharedSchemasDir(repoRoot) } = {}) {
  const at = (...parts) => path.join(repoRoot, ...parts);
  const results = [
    checkAppsScriptManifestFile(at('appsscript.json'), { schemasDir, name: 'appsscript.json' }),
    checkClaspConfigFile(at('.clasp.json'), { schemasDir, name: '.clasp.json' }),
  ];
  if (existsSync(at('.clasp.live.json'))) {
    results.push(checkClaspConfigFile(at('.clasp.live.json'), { schemasDir, name: '.clasp.live.json' }));
  }
  if (existsSync(at('dist', 'gas', 'appsscript.json'))) {
    results.push(
      checkAppsScriptManifestFile(at('dist', 'gas', 'appsscript.json'), {
        schemasDir,
        name: 'dist/gas/appsscript.json',
      }),
    );
  }
  results.push(
    checkOfficeManifest(at('manifest.xml'), {
      schemasDir,
      origin: DEV_ORIGIN,
      siteDir: at('addon', 'office'),
      commandsFile: at('addon', 'office', 'commands.ts'),
      name: 'manifest.xml',
    }),
  );
  if (existsSync(at('dist', 'office', 'manifest.xml'))) {
    results.push(
      checkOfficeManifest(at('dist', 'office', 'manifest.xml'), {
        schemasDir,
        siteDir: at('dist', 'office'),
        name: 'dist/office/manifest.xml',
      }),
    );
  }
  return results;
}
